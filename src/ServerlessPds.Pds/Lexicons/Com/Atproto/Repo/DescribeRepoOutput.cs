using System.Text.Json;

namespace ServerlessPds.Pds.Lexicons.Com.Atproto.Repo;

/// <summary>The output of describeRepo.</summary>
/// <param name="Handle">The account's handle.</param>
/// <param name="Did">The account's DID.</param>
/// <param name="DidDoc">The DID document, or <c>{}</c> when it cannot be resolved.</param>
/// <param name="Collections">The NSIDs of the collections the repo holds records of, in order.</param>
/// <param name="HandleIsCorrect"><see langword="true"/> if the DID document names <paramref name="Handle"/>; otherwise <see langword="false"/>.</param>
/// <remarks>Lexicon: com.atproto.repo.describeRepo.</remarks>
public sealed record DescribeRepoOutput(string Handle, string Did, JsonElement DidDoc, IReadOnlyList<string> Collections, bool HandleIsCorrect);
