using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Pds.Ports;

/// <summary>An upload whose bytes are written but not yet claimable (<see cref="IBlobStore.StageAsync"/>).</summary>
/// <param name="Did">The uploading account.</param>
/// <param name="UploadId">The store's id of the written bytes (32 lowercase hex digits).</param>
/// <param name="Version">The version of the staging entry (an ETag), which the commit is conditional on.</param>
public sealed record StagedBlob(Did Did, string UploadId, string Version);
