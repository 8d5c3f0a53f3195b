using ServerlessPds.Pds.Accounts;
using ServerlessPds.Pds.Lexicons.Com.Atproto.Server;
using ServerlessPds.Pds.Tests.TestSupport;
using ServerlessPds.Protocol.Syntax;
using ServerlessPds.Protocol.Xrpc;

namespace ServerlessPds.Pds.Tests.Accounts;

public sealed class InviteCodeServiceTests : IDisposable
{
    private readonly TestPds _pds = new();

    [Fact]
    public async Task CreateInviteCode_StoresAdminCodeWithHostnamePrefix()
    {
        var output = await _pds.Invites.CreateInviteCodeAsync(new CreateInviteCodeInput { UseCount = 4 });

        Assert.Matches("^pds-test-[a-z2-7]{5}-[a-z2-7]{5}$", output.Code);
        var record = (await _pds.Store.GetInviteCodeAsync(output.Code))!;
        Assert.Equal((4, 0, false, "admin", "admin"), (record.AvailableUses, record.UsedCount, record.Disabled, record.ForAccount, record.CreatedBy));
    }

    [Fact]
    public async Task CreateInviteCodes_PerAccount_CreatesCodeCountEach()
    {
        var accounts = new[] { "did:plc:alice234567abcdefghijklm", "did:plc:bob234567abcdefghijklmno" };

        var output = await _pds.Invites.CreateInviteCodesAsync(new CreateInviteCodesInput { CodeCount = 3, UseCount = 1, ForAccounts = accounts });
        var admin = await _pds.Invites.CreateInviteCodesAsync(new CreateInviteCodesInput { UseCount = 1 });

        Assert.Equal(accounts, output.Codes.Select(c => c.Account));
        Assert.All(output.Codes, c => Assert.Equal(3, c.Codes.Distinct().Count()));
        Assert.Equal("did:plc:bob234567abcdefghijklmno", (await _pds.Store.GetInviteCodeAsync(output.Codes[1].Codes[0]))!.ForAccount);
        Assert.Equal(("admin", 1), (admin.Codes.Single().Account, admin.Codes.Single().Codes.Count));
    }

    public static TheoryData<string, CreateInviteCodesInput> BadRequests() => new()
    {
        { "zero uses", new CreateInviteCodesInput { UseCount = 0 } },
        { "zero codes", new CreateInviteCodesInput { UseCount = 1, CodeCount = 0 } },
        { "too many codes", new CreateInviteCodesInput { UseCount = 1, CodeCount = 1001 } },
        { "account not a DID", new CreateInviteCodesInput { UseCount = 1, ForAccounts = ["alice.pds.test"] } },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task CreateInviteCodes_BadInput_ThrowsInvalidRequest(string why, CreateInviteCodesInput input)
    {
        var e = await Assert.ThrowsAsync<XrpcException>(() => _pds.Invites.CreateInviteCodesAsync(input));

        Assert.True(e.Error == XrpcErrorName.InvalidRequest, why);
    }

    [Fact]
    public async Task Consume_UntilExhausted_ThenInvalidInviteCode_ReleaseGivesBack()
    {
        var code = (await _pds.Invites.CreateInviteCodeAsync(new CreateInviteCodeInput { UseCount = 2 })).Code;
        var a = Did.Parse("did:plc:aaaa234567abcdefghijklmn");
        var b = Did.Parse("did:plc:bbbb234567abcdefghijklmn");

        await _pds.Invites.ConsumeAsync(code, a);
        await _pds.Invites.ConsumeAsync(code, b);
        var exhausted = await Assert.ThrowsAsync<XrpcException>(() => _pds.Invites.ConsumeAsync(code, Did.Parse("did:plc:cccc234567abcdefghijklmn")));
        await _pds.Invites.ReleaseAsync(code, b);
        await _pds.Invites.EnsureAvailableAsync(code);

        Assert.Equal((400, AccountErrorNames.InvalidInviteCode), (exhausted.Status, exhausted.Error));
        Assert.Equal([a], (await _pds.Store.ListInviteCodeUsesAsync(code)).Select(u => u.UsedBy));
    }

    [Fact]
    public async Task EnsureAvailable_CodeOfTakendownAccount_ThrowsInvalidInviteCode()
    {
        var owner = Did.Parse((await _pds.CreateAccountAsync("alice")).Did);
        var code = (await _pds.Invites.CreateInviteCodeAsync(new CreateInviteCodeInput { UseCount = 5, ForAccount = owner.Value })).Code;
        await _pds.Invites.EnsureAvailableAsync(code);

        await _pds.Accounts.UpdateTakedownAsync(owner, "mod-1");

        var e = await Assert.ThrowsAsync<XrpcException>(() => _pds.Invites.EnsureAvailableAsync(code));
        Assert.Equal(AccountErrorNames.InvalidInviteCode, e.Error);
    }

    public void Dispose() => _pds.Dispose();
}
