using Azure.Data.Tables;
using ServerlessPds.Pds.Ports;
using ServerlessPds.Protocol.Syntax;
using static ServerlessPds.Storage.Azure.Accounts.TableAccountKeys;

using ServerlessPds.Storage.Azure.Common;

namespace ServerlessPds.Storage.Azure.Accounts;

/// <summary>
/// Maps the account records to Table entities and back. A missing property stands for <see langword="null"/>; times
/// are stored as Edm.DateTime (UTC, 100 ns).
/// </summary>
internal static class TableAccountEntities
{
    public static TableEntity FromAccount(AccountRecord account, string? email)
    {
        var entity = new TableEntity(account.Did.Value, AccountRow)
            .Set("Handle", account.Handle.Value)
            .Set("CreatedAt", account.CreatedAt)
            .Set("SigningKeyAlgorithm", account.SigningKeyAlgorithm)
            .Set("ProtectedSigningKey", account.ProtectedSigningKey);
        SetIfNotNull(entity, "Email", email);
        SetIfNotNull(entity, "EmailConfirmedAt", account.EmailConfirmedAt);
        SetIfNotNull(entity, "PasswordHash", account.PasswordHash);
        SetIfNotNull(entity, "DeactivatedAt", account.DeactivatedAt);
        SetIfNotNull(entity, "DeleteAfter", account.DeleteAfter);
        SetIfNotNull(entity, "TakedownRef", account.TakedownRef);
        return entity;
    }

    public static AccountRecord ToAccount(TableEntity entity) => new()
    {
        Did = Did.Parse(entity.PartitionKey),
        Handle = Handle.Parse(Required(entity.GetString("Handle"), "Handle")),
        Email = entity.GetString("Email"),
        EmailConfirmedAt = entity.GetDateTimeOffset("EmailConfirmedAt"),
        PasswordHash = entity.GetString("PasswordHash"),
        CreatedAt = RequiredValue(entity.GetDateTimeOffset("CreatedAt"), "CreatedAt"),
        DeactivatedAt = entity.GetDateTimeOffset("DeactivatedAt"),
        DeleteAfter = entity.GetDateTimeOffset("DeleteAfter"),
        TakedownRef = entity.GetString("TakedownRef"),
        SigningKeyAlgorithm = Required(entity.GetString("SigningKeyAlgorithm"), "SigningKeyAlgorithm"),
        ProtectedSigningKey = Required(entity.GetBinary("ProtectedSigningKey"), "ProtectedSigningKey"),
        ETag = entity.ETag.ToString(),
    };

    public static TableEntity FromAppPassword(AppPasswordRecord appPassword) =>
        new TableEntity(appPassword.Did.Value, Key(AppPasswordPrefix, appPassword.Name, nameof(appPassword)))
            .Set("Name", appPassword.Name)
            .Set("PasswordHash", appPassword.PasswordHash)
            .Set("Privileged", appPassword.Privileged)
            .Set("CreatedAt", appPassword.CreatedAt);

    public static AppPasswordRecord ToAppPassword(TableEntity entity) => new()
    {
        Did = Did.Parse(entity.PartitionKey),
        Name = Required(entity.GetString("Name"), "Name"),
        PasswordHash = Required(entity.GetString("PasswordHash"), "PasswordHash"),
        Privileged = entity.GetBoolean("Privileged") ?? false,
        CreatedAt = RequiredValue(entity.GetDateTimeOffset("CreatedAt"), "CreatedAt"),
    };

    public static TableEntity FromRefreshToken(RefreshTokenRecord token)
    {
        var entity = new TableEntity(token.Did.Value, Key(RefreshTokenPrefix, token.Id, nameof(token)))
            .Set("Id", token.Id)
            .Set("AppPasswordPrivileged", token.AppPasswordPrivileged)
            .Set("ExpiresAt", token.ExpiresAt);
        SetIfNotNull(entity, "AppPasswordName", token.AppPasswordName);
        SetIfNotNull(entity, "NextId", token.NextId);
        return entity;
    }

    public static RefreshTokenRecord ToRefreshToken(TableEntity entity) => new()
    {
        Id = Required(entity.GetString("Id"), "Id"),
        Did = Did.Parse(entity.PartitionKey),
        AppPasswordName = entity.GetString("AppPasswordName"),
        AppPasswordPrivileged = entity.GetBoolean("AppPasswordPrivileged") ?? false,
        ExpiresAt = RequiredValue(entity.GetDateTimeOffset("ExpiresAt"), "ExpiresAt"),
        NextId = entity.GetString("NextId"),
        ETag = entity.ETag.ToString(),
    };

    public static TableEntity FromInviteCode(InviteCodeRecord inviteCode) =>
        new TableEntity(Key("", inviteCode.Code, nameof(inviteCode)), InviteCodeRow)
            .Set("Code", inviteCode.Code)
            .Set("AvailableUses", inviteCode.AvailableUses)
            .Set("UsedCount", inviteCode.UsedCount)
            .Set("Disabled", inviteCode.Disabled)
            .Set("ForAccount", inviteCode.ForAccount)
            .Set("CreatedBy", inviteCode.CreatedBy)
            .Set("CreatedAt", inviteCode.CreatedAt);

    public static InviteCodeRecord ToInviteCode(TableEntity entity) => new()
    {
        Code = Required(entity.GetString("Code"), "Code"),
        AvailableUses = RequiredValue(entity.GetInt32("AvailableUses"), "AvailableUses"),
        UsedCount = entity.GetInt32("UsedCount") ?? 0,
        Disabled = entity.GetBoolean("Disabled") ?? false,
        ForAccount = Required(entity.GetString("ForAccount"), "ForAccount"),
        CreatedBy = Required(entity.GetString("CreatedBy"), "CreatedBy"),
        CreatedAt = RequiredValue(entity.GetDateTimeOffset("CreatedAt"), "CreatedAt"),
        ETag = entity.ETag.ToString(),
    };

    public static TableEntity FromInviteCodeUse(InviteCodeUse use) =>
        new TableEntity(Key("", use.Code, nameof(use)), Key(InviteUsePrefix, use.UsedBy.Value, nameof(use)))
            .Set("Code", use.Code)
            .Set("UsedBy", use.UsedBy.Value)
            .Set("UsedAt", use.UsedAt);

    public static InviteCodeUse ToInviteCodeUse(TableEntity entity) => new(
        Required(entity.GetString("Code"), "Code"),
        Did.Parse(Required(entity.GetString("UsedBy"), "UsedBy")),
        RequiredValue(entity.GetDateTimeOffset("UsedAt"), "UsedAt"));

    public static TableEntity FromEmailToken(EmailTokenRecord token) =>
        new TableEntity(token.Did.Value, Key(EmailTokenPrefix, token.Purpose, nameof(token)))
            .Set("Purpose", token.Purpose)
            .Set("Token", token.Token)
            .Set("RequestedAt", token.RequestedAt);

    public static EmailTokenRecord ToEmailToken(TableEntity entity) => new(
        Did.Parse(entity.PartitionKey),
        Required(entity.GetString("Purpose"), "Purpose"),
        Required(entity.GetString("Token"), "Token"),
        RequiredValue(entity.GetDateTimeOffset("RequestedAt"), "RequestedAt"));

    private static void SetIfNotNull(TableEntity entity, string name, string? value)
    {
        if (value is not null)
        {
            entity.Set(name, value);
        }
    }

    private static void SetIfNotNull(TableEntity entity, string name, DateTimeOffset? value)
    {
        if (value is { } v)
        {
            entity.Set(name, v);
        }
    }

    private static T Required<T>(T? value, string name)
        where T : class =>
        value ?? throw new InvalidDataException($"The stored account entity lacks its '{name}' property.");

    private static T RequiredValue<T>(T? value, string name)
        where T : struct =>
        value ?? throw new InvalidDataException($"The stored account entity lacks its '{name}' property.");
}
