using ServerlessPds.Storage.Azure.Common;

namespace ServerlessPds.Storage.Azure.Tests.Common;

public sealed class StorageErrorsTests
{
    public static TheoryData<int, string?, Type> Mappings => new()
    {
        { 404, "ResourceNotFound", typeof(StorageNotFoundException) },
        { 409, "EntityAlreadyExists", typeof(StorageConflictException) },
        { 412, "UpdateConditionNotSatisfied", typeof(StoragePreconditionFailedException) },
        { 413, "RequestBodyTooLarge", typeof(StorageEntityTooLargeException) },
        { 400, "EntityTooLarge", typeof(StorageEntityTooLargeException) },
        { 400, "PropertyValueTooLarge", typeof(StorageEntityTooLargeException) },
        { 400, "RequestBodyTooLarge", typeof(StorageEntityTooLargeException) },
        { 400, "InvalidInput", typeof(StorageException) },
        { 503, "ServerBusy", typeof(StorageUnavailableException) },
        { 500, "InternalError", typeof(StorageException) },
        { 500, "OperationTimedOut", typeof(StorageUnavailableException) },
    };

    [Theory]
    [MemberData(nameof(Mappings))]
    public void Create_StatusAndCode_MapsToTypedException(int status, string? code, Type expected)
    {
        var ex = StorageErrors.Create(status, code, "The thing failed.", "Do the thing", null);

        Assert.IsType(expected, ex);
        Assert.Null(ex.FailedOperationIndex);
        Assert.Equal(status, ex.Status);
        Assert.Equal(code, ex.ErrorCode);
        Assert.Contains("Do the thing", ex.Message, StringComparison.Ordinal);
        Assert.Contains("The thing failed.", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_TransactionFailure_CarriesTheOperationIndex()
    {
        var ex = StorageErrors.Create(412, "UpdateConditionNotSatisfied", "stale", "Transaction", 3);

        Assert.IsType<StoragePreconditionFailedException>(ex);
        Assert.Equal(3, ex.FailedOperationIndex);
        Assert.Contains("operation 3", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ParseJson_ODataError_ReadsCodeAndMessage()
    {
        var (code, text) = StorageErrors.ParseJson(
            """{"odata.error":{"code":"UpdateConditionNotSatisfied","message":{"lang":"en-US","value":"1:The update condition specified in the request was not satisfied.\nRequestId:x\nTime:y"}}}"""u8);

        Assert.Equal("UpdateConditionNotSatisfied", code);
        Assert.StartsWith("1:The update condition", text, StringComparison.Ordinal);
    }
}
