namespace ServerlessPds.Host.Tests.Infrastructure;

/// <summary>A complete, valid configuration, as configuration keys or as the environment variables operators set.</summary>
public static class TestSettings
{
    public const string Hostname = "pds.example.com";
    public const string AdminPassword = "correct-horse-battery";
    public const string JwtSecret = "0123456789abcdef0123456789abcdef0123456789abcdef";
    public const string KeyEncryptionKey = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="; // bytes 0..31
    public const string ConnectionString =
        "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=a2V5;TableEndpoint=http://127.0.0.1:1/devstoreaccount1;";

    /// <summary>Gets the settings as configuration keys (<c>Pds:Hostname</c>, ...), with optional changes (a <see langword="null"/> value removes a key).</summary>
    public static Dictionary<string, string?> Valid(IReadOnlyDictionary<string, string?>? changes = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Pds:Hostname"] = Hostname,
            ["Pds:AdminPassword"] = AdminPassword,
            ["Pds:JwtSecret"] = JwtSecret,
            ["Pds:KeyEncryptionKey"] = KeyEncryptionKey,
            ["Pds:Storage:ConnectionString"] = ConnectionString,
        };
        foreach (var (key, value) in changes ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                settings.Remove(key);
            }
            else
            {
                settings[key] = value;
            }
        }

        return settings;
    }

    /// <summary>
    /// Gets <see cref="Valid"/> with in-memory storage, for hosts that are started: the connection string above points
    /// at no storage, and Azure mode creates its tables before the host takes requests.
    /// </summary>
    public static Dictionary<string, string?> ValidInMemory(IReadOnlyDictionary<string, string?>? changes = null)
    {
        var settings = Valid(changes);
        settings.TryAdd("Pds:Storage:Mode", "memory");
        return settings;
    }

    /// <summary>Gets the settings of a started host (<see cref="ValidInMemory"/>) as environment variables (<c>Pds__Hostname</c>, ...).</summary>
    public static Dictionary<string, string> Environment() =>
        ValidInMemory().ToDictionary(p => p.Key.Replace(":", "__", StringComparison.Ordinal), p => p.Value!);
}
