using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Pds.Accounts;

/// <summary>
/// Hashes and verifies account and app passwords with PBKDF2-HMAC-SHA256, in a self-describing stored format so the
/// parameters can change without breaking stored hashes: <c>$pbkdf2-sha256$i=600000$&lt;salt&gt;$&lt;hash&gt;</c>, salt
/// and hash in unpadded standard base64 (the PHC string layout). Verification recomputes with the stored parameters
/// and compares in constant time. Thread-safe.
/// </summary>
/// <remarks>
/// Account passwords get a random 16-byte salt. App passwords (80 random bits, see <see cref="AppPasswordFormat"/>)
/// get a salt derived from the account's DID, so that one derivation finds the matching app password among all of an
/// account's, as the reference PDS does. Iterations follow OWASP's PBKDF2-SHA256 recommendation (600,000).
/// </remarks>
public sealed class PasswordHasher
{
    /// <summary>The iteration count of new hashes unless another is configured.</summary>
    public const int DefaultIterations = 600_000;

    /// <summary>The smallest iteration count the public constructor accepts.</summary>
    public const int MinimumIterations = 600_000;

    /// <summary>The salt length of new hashes, in bytes.</summary>
    public const int SaltBytes = 16;

    /// <summary>The derived-key length of new hashes, in bytes.</summary>
    public const int HashBytes = 32;

    /// <summary>
    /// The longest password that is ever verified, in UTF-16 code units; longer input fails without hashing, which
    /// bounds the work an attacker can cause. (The reference PDS accepts up to 512 at login and 256 for new passwords.)
    /// </summary>
    public const int MaxVerifiedPasswordLength = 512;

    private const string Prefix = "$pbkdf2-sha256$i=";
    private const int MaxStoredIterations = 10_000_000;

    /// <summary>Initializes a hasher with <see cref="DefaultIterations"/>.</summary>
    public PasswordHasher()
        : this(DefaultIterations)
    {
    }

    /// <summary>Initializes a hasher with a chosen iteration count for new hashes.</summary>
    /// <param name="iterations">At least <see cref="MinimumIterations"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="iterations"/> is below the minimum or absurdly high.</exception>
    public PasswordHasher(int iterations)
        : this(iterations, allowWeak: false)
    {
    }

    // Tests use a weak count so that thousands of logins stay fast; production code cannot reach this.
    internal PasswordHasher(int iterations, bool allowWeak)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(iterations, allowWeak ? 1 : MinimumIterations);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(iterations, MaxStoredIterations);
        Iterations = iterations;
    }

    /// <summary>Gets the iteration count of new hashes.</summary>
    public int Iterations { get; }

    /// <summary>Hashes a password with a fresh random salt.</summary>
    /// <param name="password">The password.</param>
    /// <returns>The stored format, e.g. <c>$pbkdf2-sha256$i=600000$…$…</c>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="password"/> is <see langword="null"/>.</exception>
    public string Hash(string password)
    {
        ArgumentNullException.ThrowIfNull(password);
        Span<byte> salt = stackalloc byte[SaltBytes];
        RandomNumberGenerator.Fill(salt);
        return Format(Iterations, salt, Derive(password, salt, Iterations, HashBytes));
    }

    /// <summary>Hashes an app password with the account's derived salt (see remarks on <see cref="PasswordHasher"/>).</summary>
    /// <param name="did">The account the app password belongs to.</param>
    /// <param name="appPassword">The app password, e.g. <c>abcd-efgh-ijkl-mnop</c>.</param>
    /// <returns>The stored format; equal inputs and iterations give equal output.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public string HashAppPassword(Did did, string appPassword)
    {
        ArgumentNullException.ThrowIfNull(did);
        ArgumentNullException.ThrowIfNull(appPassword);
        return HashAppPassword(did, appPassword, Iterations);
    }

    /// <summary>Checks a password against a stored hash, in constant time with respect to the hash.</summary>
    /// <param name="password">The candidate password.</param>
    /// <param name="storedHash">A hash in the stored format.</param>
    /// <returns><see langword="true"/> if it matches; <see langword="false"/> otherwise, and for passwords longer than
    /// <see cref="MaxVerifiedPasswordLength"/>.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="FormatException"><paramref name="storedHash"/> is not in the stored format.</exception>
    public static bool Verify(string password, string storedHash)
    {
        ArgumentNullException.ThrowIfNull(password);
        var (iterations, salt, expected) = Parse(storedHash);
        if (password.Length > MaxVerifiedPasswordLength)
        {
            return false;
        }
        var actual = Derive(password, salt, iterations, expected.Length);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }

    /// <summary>Tells whether a stored hash was made with weaker parameters than this hasher's.</summary>
    /// <param name="storedHash">A hash in the stored format.</param>
    /// <returns><see langword="true"/> when it should be replaced after the next successful login.</returns>
    /// <exception cref="FormatException"><paramref name="storedHash"/> is not in the stored format.</exception>
    public bool NeedsRehash(string storedHash)
    {
        var (iterations, salt, hash) = Parse(storedHash);
        return iterations < Iterations || salt.Length < SaltBytes || hash.Length < HashBytes;
    }

    /// <summary>Reads the iteration count of a stored hash.</summary>
    /// <param name="storedHash">A hash in the stored format.</param>
    /// <returns>The iteration count.</returns>
    /// <exception cref="FormatException"><paramref name="storedHash"/> is not in the stored format.</exception>
    public static int IterationsOf(string storedHash) => Parse(storedHash).Iterations;

    internal static string HashAppPassword(Did did, string appPassword, int iterations)
    {
        Span<byte> salt = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes("com.atproto.appPass\0" + did.Value), salt);
        return Format(iterations, salt[..SaltBytes], Derive(appPassword, salt[..SaltBytes], iterations, HashBytes));
    }

    private static byte[] Derive(string password, ReadOnlySpan<byte> salt, int iterations, int length) =>
        Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA256, length);

    private static string Format(int iterations, ReadOnlySpan<byte> salt, ReadOnlySpan<byte> hash) =>
        string.Create(CultureInfo.InvariantCulture, $"{Prefix}{iterations}${ToBase64(salt)}${ToBase64(hash)}");

    private static string ToBase64(ReadOnlySpan<byte> bytes) => Convert.ToBase64String(bytes).TrimEnd('=');

    private static (int Iterations, byte[] Salt, byte[] Hash) Parse(string storedHash)
    {
        ArgumentNullException.ThrowIfNull(storedHash);
        if (!storedHash.StartsWith(Prefix, StringComparison.Ordinal) || storedHash.Length > 512)
        {
            throw new FormatException("The stored password hash is not in the $pbkdf2-sha256$ format.");
        }
        var parts = storedHash[Prefix.Length..].Split('$');
        if (parts.Length != 3
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var iterations)
            || iterations < 1 || iterations > MaxStoredIterations)
        {
            throw new FormatException("The stored password hash has a malformed iteration count or layout.");
        }
        var salt = FromBase64(parts[1]);
        var hash = FromBase64(parts[2]);
        if (salt.Length < 8 || salt.Length > 64 || hash.Length < 16 || hash.Length > 64)
        {
            throw new FormatException("The stored password hash has a salt or hash of an unsupported length.");
        }
        return (iterations, salt, hash);
    }

    private static byte[] FromBase64(string unpadded)
    {
        if (unpadded.Length % 4 == 1 || unpadded.Contains('=', StringComparison.Ordinal))
        {
            throw new FormatException("The stored password hash has malformed base64.");
        }
        try
        {
            return Convert.FromBase64String(unpadded.PadRight(unpadded.Length + ((4 - (unpadded.Length % 4)) % 4), '='));
        }
        catch (FormatException e)
        {
            throw new FormatException("The stored password hash has malformed base64.", e);
        }
    }
}
