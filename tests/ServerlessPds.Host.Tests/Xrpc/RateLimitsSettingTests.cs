using System.Net;
using ServerlessPds.Host.Tests.Infrastructure;

namespace ServerlessPds.Host.Tests.Xrpc;

/// <summary><c>Pds:RateLimits:Enabled</c>: limits are enforced unless it is false.</summary>
public sealed class RateLimitsSettingTests
{
    private const int CreateSessionShortLimit = 30;

    [Theory]
    [InlineData(null, HttpStatusCode.TooManyRequests)]
    [InlineData("true", HttpStatusCode.TooManyRequests)]
    [InlineData("false", HttpStatusCode.Unauthorized)]
    public async Task CreateSession_OverShortLimit_RefusedOnlyWhenEnabled(string? enabled, HttpStatusCode expected)
    {
        await using var pds = new PdsApiFactory(enabled is null ? null : new Dictionary<string, string?> { ["Pds:RateLimits:Enabled"] = enabled });
        await pds.CreateAccountAsync("alice");
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < CreateSessionShortLimit; i++)
        {
            using var response = await pds.SendAsync(HttpMethod.Post, "com.atproto.server.createSession", new { identifier = "alice.test", password = "wrong-password" });
            statuses.Add(response.StatusCode);
        }
        using var last = await pds.SendAsync(HttpMethod.Post, "com.atproto.server.createSession", new { identifier = "alice.test", password = "wrong-password" });

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.Unauthorized, s));
        Assert.Equal(expected, last.StatusCode);
        Assert.Equal(enabled != "false", last.Headers.Contains("RateLimit-Limit"));
    }

    [Fact]
    public async Task Writes_OverHourlyLimit_AllowedWhenDisabled()
    {
        await using var pds = new PdsApiFactory(new Dictionary<string, string?> { ["Pds:RateLimits:Enabled"] = "false" });
        var alice = await pds.CreateAccountAsync("alice");
        var writes = Enumerable.Range(0, 200)
            .Select(i => new Dictionary<string, object> { ["$type"] = "com.atproto.repo.applyWrites#create", ["collection"] = "app.bsky.feed.post", ["value"] = new { text = $"post {i}", createdAt = "2024-01-01T00:00:00.000Z" } })
            .ToArray();

        // 9 batches of 200 creates cost 5,400 points, over the 5,000 an hour an account may spend when limits are on.
        for (var batch = 0; batch < 9; batch++)
        {
            var (status, json) = await pds.CallAsync(HttpMethod.Post, "com.atproto.repo.applyWrites", new { repo = alice.Did, writes }, alice.AccessJwt);
            Assert.True(status == HttpStatusCode.OK, json.ToString());
        }
    }
}
