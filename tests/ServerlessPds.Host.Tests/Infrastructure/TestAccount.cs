namespace ServerlessPds.Host.Tests.Infrastructure;

/// <summary>An account created through createAccount, with its first session.</summary>
public sealed record TestAccount(string Did, string Handle, string Password, string AccessJwt, string RefreshJwt);
