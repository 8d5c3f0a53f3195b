using System.Security.Cryptography;

namespace ServerlessPds.Pds.Accounts;

/// <summary>Random codes for invites and email tokens from the cryptographic generator.</summary>
internal static class RandomCode
{
    private const string Base32Alphabet = "abcdefghijklmnopqrstuvwxyz234567";

    /// <summary>Returns two groups of five lowercase base32 characters joined by a dash (50 random bits), e.g. <c>k3xq7-mfa2p</c>.</summary>
    public static string TwoGroups()
    {
        Span<char> text = stackalloc char[11];
        for (var i = 0; i < text.Length; i++)
        {
            text[i] = i == 5 ? '-' : Base32Alphabet[RandomNumberGenerator.GetInt32(Base32Alphabet.Length)];
        }
        return new string(text);
    }
}
