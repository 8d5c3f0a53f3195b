using System.Security.Cryptography;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace ServerlessPds.Host.Tests.Deployment;

/// <summary>
/// The function app's settings as the compiled template writes them (the <c>appsettings</c> module's
/// <c>Microsoft.Web/sites/config</c> resource): each name with its raw ARM value, and a small evaluator of the
/// expression forms those values use, given sample values of the module's parameters.
/// </summary>
public sealed partial class FunctionAppSettings
{
    private FunctionAppSettings(IReadOnlyDictionary<string, string> raw, IReadOnlyList<string> computed)
    {
        Raw = raw;
        Computed = computed;
    }

    /// <summary>Gets every setting written as a fixed name, with its raw value (a literal or an ARM expression).</summary>
    public IReadOnlyDictionary<string, string> Raw { get; }

    /// <summary>Gets the variables whose setting names are computed (optional settings such as the crawler list).</summary>
    public IReadOnlyList<string> Computed { get; }

    /// <summary>Gets a sample secret that satisfies every secret setting's rules: base64 of 32 random bytes (44 characters).</summary>
    public static string SampleSecret { get; } = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    /// <summary>Reads the settings from the compiled template.</summary>
    public static FunctionAppSettings From(CompiledInfraTemplate template)
    {
        var module = template.Module("appsettings");
        var config = CompiledInfraTemplate.Resource(module, "Microsoft.Web/sites/config");
        Assert.EndsWith("'appsettings')]", (string?)config["name"], StringComparison.Ordinal);
        var properties = (string)config["properties"]!;
        var variables = module["variables"]!.AsObject();
        var raw = new Dictionary<string, string>(StringComparer.Ordinal);
        var computed = new List<string>();
        foreach (Match reference in VariableReference().Matches(properties))
        {
            var variable = variables[reference.Groups[1].Value]!;
            if (variable is JsonObject settings)
            {
                foreach (var (name, value) in settings)
                {
                    raw.Add(name, (string)value!);
                }
            }
            else
            {
                computed.Add(reference.Groups[1].Value);
            }
        }

        return new FunctionAppSettings(raw, computed);
    }

    /// <summary>Whether a raw value is a Key Vault reference (<c>@Microsoft.KeyVault(SecretUri=...)</c>) to a secret URI.</summary>
    public static bool IsKeyVaultReference(string raw) => KeyVaultReference().IsMatch(raw);

    /// <summary>
    /// Evaluates a raw value with sample values of the module's parameters. A Key Vault reference evaluates to
    /// <see cref="SampleSecret"/> (what the platform puts in its place). Supported forms: literals,
    /// <c>[parameters('p')]</c>, <c>[parameters('p').field]</c>, <c>[string(parameters('p'))]</c> and
    /// <c>[format('...', parameters('p')...)]</c>; anything else fails the test, naming the expression.
    /// </summary>
    public static string Evaluate(string raw, IReadOnlyDictionary<string, string> samples)
    {
        if (!raw.StartsWith('['))
        {
            return raw;
        }

        if (IsKeyVaultReference(raw))
        {
            return SampleSecret;
        }

        var expression = raw[1..^1];
        if (StringOf().Match(expression) is { Success: true } stringOf)
        {
            expression = stringOf.Groups[1].Value;
        }

        if (Parameter().Match(expression) is { Success: true } parameter)
        {
            return Sample(parameter.Value, samples);
        }

        if (Format().Match(expression) is { Success: true } format)
        {
            var arguments = format.Groups[2].Value.Split(", ").Select(a => Sample(a, samples)).ToArray();
            return string.Format(System.Globalization.CultureInfo.InvariantCulture, format.Groups[1].Value, arguments);
        }

        Assert.Fail($"The settings test cannot evaluate {raw}: give the setting a supported form or teach {nameof(FunctionAppSettings)}.{nameof(Evaluate)} this one.");
        return raw;
    }

    private static string Sample(string parameterExpression, IReadOnlyDictionary<string, string> samples)
    {
        var match = Parameter().Match(parameterExpression);
        Assert.True(match.Success, $"Unsupported argument {parameterExpression}");
        var key = match.Groups[2].Success ? $"{match.Groups[1].Value}.{match.Groups[2].Value}" : match.Groups[1].Value;
        Assert.True(samples.TryGetValue(key, out var value), $"No sample value for the appsettings module's parameter '{key}': add one to the test.");
        return value!;
    }

    [GeneratedRegex(@"variables\('(\w+)'\)")]
    private static partial Regex VariableReference();

    [GeneratedRegex(@"^\[format\('@Microsoft\.KeyVault\(SecretUri=\{0\}\)', parameters\('\w+'\)(\.\w+)?\)\]$")]
    private static partial Regex KeyVaultReference();

    [GeneratedRegex(@"^string\((.+)\)$")]
    private static partial Regex StringOf();

    [GeneratedRegex(@"^parameters\('(\w+)'\)(?:\.(\w+))?$")]
    private static partial Regex Parameter();

    [GeneratedRegex(@"^format\('([^']*)', (.+)\)$")]
    private static partial Regex Format();
}
