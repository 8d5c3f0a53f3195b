using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using ServerlessPds.Pds.Lexicons.Com.Atproto.Server;
using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Pds.Tests.Accounts;

/// <summary>Checks the server DTOs against the embedded lexicon schemas: same JSON names, required ones non-nullable, optional ones omittable.</summary>
public class LexiconShapeTests
{
    public static TheoryData<Type, string, string> Shapes() => new()
    {
        { typeof(CreateAccountInput), "createAccount", "main.input" },
        { typeof(CreateAccountOutput), "createAccount", "main.output" },
        { typeof(CreateSessionInput), "createSession", "main.input" },
        { typeof(CreateSessionOutput), "createSession", "main.output" },
        { typeof(RefreshSessionOutput), "refreshSession", "main.output" },
        { typeof(GetSessionOutput), "getSession", "main.output" },
        { typeof(CreateAppPasswordInput), "createAppPassword", "main.input" },
        { typeof(CreateAppPasswordOutput), "createAppPassword", "appPassword" },
        { typeof(AppPasswordView), "listAppPasswords", "appPassword" },
        { typeof(ListAppPasswordsOutput), "listAppPasswords", "main.output" },
        { typeof(RevokeAppPasswordInput), "revokeAppPassword", "main.input" },
        { typeof(CheckAccountStatusOutput), "checkAccountStatus", "main.output" },
        { typeof(DeactivateAccountInput), "deactivateAccount", "main.input" },
        { typeof(DeleteAccountInput), "deleteAccount", "main.input" },
        { typeof(GetServiceAuthOutput), "getServiceAuth", "main.output" },
        { typeof(CreateInviteCodeInput), "createInviteCode", "main.input" },
        { typeof(CreateInviteCodeOutput), "createInviteCode", "main.output" },
        { typeof(CreateInviteCodesInput), "createInviteCodes", "main.input" },
        { typeof(CreateInviteCodesOutput), "createInviteCodes", "main.output" },
        { typeof(AccountCodes), "createInviteCodes", "accountCodes" },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Dto_MatchesLexiconObject(Type dto, string method, string path)
    {
        using var lexicon = Load(method);
        var schema = ObjectSchema(lexicon.RootElement.GetProperty("defs"), path);
        var lexiconNames = schema.GetProperty("properties").EnumerateObject().Select(p => p.Name).Order().ToList();
        var required = schema.TryGetProperty("required", out var r) ? r.EnumerateArray().Select(e => e.GetString()!).ToHashSet() : [];
        var nullability = new NullabilityInfoContext();
        var properties = dto.GetProperties().Where(p => p.GetCustomAttribute<JsonPropertyNameAttribute>() is not null).ToList();

        Assert.Equal(lexiconNames, properties.Select(p => p.GetCustomAttribute<JsonPropertyNameAttribute>()!.Name).Order().ToList());
        foreach (var property in properties)
        {
            var name = property.GetCustomAttribute<JsonPropertyNameAttribute>()!.Name;
            var nullable = nullability.Create(property).ReadState == NullabilityState.Nullable;
            Assert.True(required.Contains(name) != nullable || name == "codeCount", $"{dto.Name}.{name}: required {required.Contains(name)}, nullable {nullable}");
            Assert.Equal(nullable, property.GetCustomAttribute<JsonIgnoreAttribute>()?.Condition == JsonIgnoreCondition.WhenWritingNull);
        }
    }

    [Fact]
    public void Serialize_SessionWithoutOptionalFields_OmitsThem()
    {
        var json = JsonSerializer.Serialize(new CreateSessionOutput { AccessJwt = "a", RefreshJwt = "r", Handle = "alice.test", Did = "did:plc:x", Active = true });

        Assert.Equal("""{"accessJwt":"a","refreshJwt":"r","handle":"alice.test","did":"did:plc:x","active":true}""", json);
    }

    [Fact]
    public void Deserialize_InputMissingRequiredField_Throws()
    {
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<CreateSessionInput>("""{"identifier":"alice.test"}"""));
        Assert.Equal("alice.test", JsonSerializer.Deserialize<CreateSessionInput>("""{"identifier":"alice.test","password":"p"}""")!.Identifier);
    }

    private static JsonDocument Load(string method)
    {
        var assembly = typeof(Did).Assembly;
        using var stream = assembly.GetManifestResourceStream($"lexicons/com/atproto/server/{method}.json")
            ?? throw new InvalidOperationException($"No embedded lexicon for {method}; resources: {string.Join(", ", assembly.GetManifestResourceNames().Take(5))}");
        return JsonDocument.Parse(stream);
    }

    private static JsonElement ObjectSchema(JsonElement defs, string path)
    {
        var parts = path.Split('.');
        var element = defs.GetProperty(parts[0]);
        if (parts.Length > 1)
        {
            element = element.GetProperty(parts[1]).GetProperty("schema");
        }
        if (element.GetProperty("type").GetString() == "ref")
        {
            element = defs.GetProperty(element.GetProperty("ref").GetString()!.TrimStart('#'));
        }
        return element;
    }
}
