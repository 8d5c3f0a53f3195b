using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Protocol.Tests.Syntax;

/// <summary>
/// Random strings near each grammar: parsers never throw anything but <see cref="FormatException"/>, TryParse agrees
/// with Parse, and whatever parses round-trips through its own <c>Value</c>.
/// </summary>
public class SyntaxFuzzTests
{
    private const string Alphabet = "abcxyzABZ0129.-_:~%/#?@ +TZé\t";

    private static readonly string[] Seeds =
    [
        "did:plc:abc", "alice.test", "app.bsky.feed.post", "3jzfcijpj2z2a", "self",
        "at://did:plc:abc/app.bsky.feed.post/3jzfcijpj2z2a", "1985-04-12T23:20:50.123Z", "en-GB-x-abc",
        "app.bsky.feed.post/self",
    ];

    [Fact]
    public void Parsers_RandomMutations_OnlyFormatExceptionAndRoundTrip()
    {
        var random = new Random(1234);
        for (var i = 0; i < 4_000; i++)
        {
            var s = Mutate(Seeds[random.Next(Seeds.Length)], random);

            Check<Did>(s, Did.TryParse, Did.Parse, d => d.Value);
            Check<Handle>(s, Handle.TryParse, Handle.Parse, h => h.Value);
            Check<Nsid>(s, Nsid.TryParse, Nsid.Parse, n => n.Value);
            Check<Tid>(s, Tid.TryParse, Tid.Parse, t => t.Value);
            Check<RecordKey>(s, RecordKey.TryParse, RecordKey.Parse, r => r.Value);
            Check<AtIdentifier>(s, AtIdentifier.TryParse, AtIdentifier.Parse, a => a.Value);
            Check<AtUri>(s, AtUri.TryParse, AtUri.Parse, a => a.Value);
            Check<RepoPath>(s, RepoPath.TryParse, RepoPath.Parse, p => p.Value);
            Check<AtprotoDatetime>(s, AtprotoDatetime.TryParse, AtprotoDatetime.Parse, d => d.Value);
            Check<LanguageTag>(s, LanguageTag.TryParse, LanguageTag.Parse, l => l.Value);
            foreach (var format in LexiconStringFormats.Names)
            {
                LexiconStringFormats.IsValid(format, s);
            }
        }
    }

    private delegate bool TryParser<T>(string? s, out T? result);

    private static void Check<T>(string s, TryParser<T> tryParse, Func<string, T> parse, Func<T, string> value)
        where T : class
    {
        if (tryParse(s, out var parsed))
        {
            var again = parse(value(parsed!));
            Assert.Equal(parsed, again);
        }
        else
        {
            var ex = Record.Exception(() => parse(s));
            Assert.IsType<FormatException>(ex);
        }
    }

    private static string Mutate(string seed, Random random)
    {
        var chars = seed.ToList();
        var edits = random.Next(1, 4);
        for (var e = 0; e < edits; e++)
        {
            var at = random.Next(chars.Count + 1);
            switch (random.Next(3))
            {
                case 0:
                    chars.Insert(at, Alphabet[random.Next(Alphabet.Length)]);
                    break;
                case 1 when at < chars.Count:
                    chars.RemoveAt(at);
                    break;
                default:
                    if (at < chars.Count)
                    {
                        chars[at] = Alphabet[random.Next(Alphabet.Length)];
                    }

                    break;
            }
        }

        return new string([.. chars]);
    }
}
