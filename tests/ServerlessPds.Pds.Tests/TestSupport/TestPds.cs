using System.Security.Cryptography;
using System.Text;
using ServerlessPds.Pds.Accounts;
using ServerlessPds.Pds.Auth;
using ServerlessPds.Pds.Identity;
using ServerlessPds.Pds.Lexicons.Com.Atproto.Server;
using ServerlessPds.Pds.Ports;
using ServerlessPds.Pds.Storage.Local;
using ServerlessPds.Pds.Storage.Memory;
using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Pds.Tests.TestSupport;

/// <summary>The accounts and auth services wired over in-memory ports, with a manual clock and weak password hashing.</summary>
public sealed class TestPds : IDisposable
{
    public const string AdminPassword = "admin-secret";
    public const string Password = "correct horse battery";
    public static readonly Did ServiceDid = Did.Parse("did:web:pds.test");

    public TestPds(bool inviteRequired = false, TimeSpan? refreshGrace = null, IAccountStore? store = null)
    {
        Store = store ?? new MemoryAccountStore();
        KeyProtector = new LocalKeyProtector(1, RandomNumberGenerator.GetBytes(32));
        Hasher = new PasswordHasher(1_000, allowWeak: true);
        Tokens = new SessionTokens(
            new SessionTokenOptions
            {
                Secret = RandomNumberGenerator.GetBytes(32),
                ServiceDid = ServiceDid,
                RefreshGracePeriod = refreshGrace ?? TimeSpan.FromMinutes(2),
            },
            Clock);
        Sessions = new SessionService(Store, Tokens, Hasher, DidDocuments, Clock);
        Invites = new InviteCodeService(Store, "pds.test", Clock);
        Accounts = new AccountService(
            Store, KeyProtector, Registrar, new HandlePolicy([".pds.test"]), Hasher, Sessions, Invites, Events,
            new AccountServiceOptions { InviteRequired = inviteRequired }, Mailer, RepoStatus, DidDocuments, Clock);
        Verifier = new AuthVerifier(Tokens, Store, AdminPassword, Clock);
        ServiceAuth = new ServiceAuthIssuer(Accounts, Clock);
    }

    public ManualTimeProvider Clock { get; } = new();
    public IAccountStore Store { get; }
    public LocalKeyProtector KeyProtector { get; }
    public PasswordHasher Hasher { get; }
    public SessionTokens Tokens { get; }
    public SessionService Sessions { get; }
    public InviteCodeService Invites { get; }
    public AccountService Accounts { get; }
    public AuthVerifier Verifier { get; }
    public ServiceAuthIssuer ServiceAuth { get; }
    public FakeDidRegistrar Registrar { get; } = new();
    public RecordingAccountEvents Events { get; } = new();
    public MemoryAccountMailer Mailer { get; } = new();
    public FakeRepoStatusSource RepoStatus { get; } = new();
    public FakeDidDocumentSource DidDocuments { get; } = new();

    public static string Bearer(string jwt) => "Bearer " + jwt;

    public static string Basic(string user, string password) =>
        "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(user + ":" + password));

    public Task<CreateAccountOutput> CreateAccountAsync(string name, string? inviteCode = null, string password = Password) =>
        Accounts.CreateAccountAsync(new CreateAccountInput
        {
            Handle = name + ".pds.test",
            Email = name + "@example.com",
            Password = password,
            InviteCode = inviteCode,
        });

    public Task<CreateSessionOutput> LoginAsync(string identifier, string password = Password, bool? allowTakendown = null) =>
        Sessions.CreateSessionAsync(new CreateSessionInput { Identifier = identifier, Password = password, AllowTakendown = allowTakendown });

    public AccessPrincipal Access(string accessJwt, AccessLevel level = AccessLevel.Standard) => Verifier.VerifyAccess(Bearer(accessJwt), level);

    public RefreshPrincipal Refresh(string refreshJwt) => Verifier.VerifyRefresh(Bearer(refreshJwt));

    public void Dispose() => KeyProtector.Dispose();
}
