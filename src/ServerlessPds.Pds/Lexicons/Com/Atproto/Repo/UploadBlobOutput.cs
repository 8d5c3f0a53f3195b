namespace ServerlessPds.Pds.Lexicons.Com.Atproto.Repo;

/// <summary>The output of uploadBlob.</summary>
/// <param name="Blob">The ref a record uses to reference the uploaded blob.</param>
/// <remarks>Lexicon: com.atproto.repo.uploadBlob.</remarks>
public sealed record UploadBlobOutput(BlobRefOutput Blob);
