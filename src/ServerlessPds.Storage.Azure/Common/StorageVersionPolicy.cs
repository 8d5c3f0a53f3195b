using Azure.Core;
using Azure.Core.Pipeline;

namespace ServerlessPds.Storage.Azure.Common;

/// <summary>Adds <c>x-ms-version</c> to every request of a pipeline.</summary>
/// <remarks>Spec: learn.microsoft.com/rest/api/storageservices/versioning-for-the-azure-storage-services.</remarks>
internal sealed class StorageVersionPolicy(string version) : HttpPipelineSynchronousPolicy
{
    public override void OnSendingRequest(HttpMessage message) =>
        message.Request.Headers.SetValue("x-ms-version", version);
}
