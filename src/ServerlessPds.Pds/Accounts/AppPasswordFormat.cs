using System.Security.Cryptography;

namespace ServerlessPds.Pds.Accounts;

/// <summary>
/// App password text as the reference PDS makes it: 16 random characters of the lowercase base32 alphabet
/// (<c>a–z</c>, <c>2–7</c>) in four dash-separated groups, e.g. <c>k3xq-7mfa-2pzr-ue4d</c> (80 random bits).
/// </summary>
/// <remarks>Lexicon: com.atproto.server.createAppPassword (the <c>password</c> output).</remarks>
public static class AppPasswordFormat
{
    /// <summary>The length of an app password including its three dashes.</summary>
    public const int Length = 19;

    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz234567";

    /// <summary>Generates a new app password from the platform's cryptographic generator.</summary>
    /// <returns>The password, <see cref="Length"/> characters.</returns>
    public static string Generate()
    {
        Span<char> text = stackalloc char[Length];
        var index = 0;
        for (var group = 0; group < 4; group++)
        {
            if (group > 0)
            {
                text[index++] = '-';
            }
            for (var i = 0; i < 4; i++)
            {
                text[index++] = Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)];
            }
        }
        return new string(text);
    }

    /// <summary>Tells whether text has the app password shape (it may still be wrong).</summary>
    /// <param name="text">The candidate.</param>
    /// <returns><see langword="true"/> for four groups of four base32 characters joined by dashes.</returns>
    public static bool IsWellFormed(string? text)
    {
        if (text is null || text.Length != Length)
        {
            return false;
        }
        for (var i = 0; i < Length; i++)
        {
            var ok = i % 5 == 4 ? text[i] == '-' : Alphabet.Contains(text[i], StringComparison.Ordinal);
            if (!ok)
            {
                return false;
            }
        }
        return true;
    }
}
