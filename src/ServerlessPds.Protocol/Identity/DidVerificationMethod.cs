using System.Text.Json;
using ServerlessPds.Protocol.Crypto;

namespace ServerlessPds.Protocol.Identity;

/// <summary>
/// A <c>verificationMethod</c> entry of a DID document: a public key with its id (e.g. <c>did:plc:…#atproto</c> or
/// the relative <c>#atproto</c>), type and controller.
/// </summary>
/// <remarks>
/// Types understood by <see cref="ToPublicKey"/>: <c>Multikey</c> (multicodec-prefixed key in
/// <c>publicKeyMultibase</c>) and the legacy <c>EcdsaSecp256k1VerificationKey2019</c> /
/// <c>EcdsaSecp256r1VerificationKey2019</c> (bare compressed or uncompressed point). Spec: atproto.com/specs/did
/// ("DID Documents", public keys), atproto.com/specs/cryptography.
/// </remarks>
/// <param name="Id">The method id: a DID URL with a fragment, possibly relative (<c>#atproto</c>).</param>
/// <param name="Type">The method type, e.g. <c>Multikey</c>.</param>
/// <param name="Controller">The DID that controls the key, normally the document's own.</param>
/// <param name="PublicKeyMultibase">The key in multibase, or <see langword="null"/> when the method uses another key format.</param>
public sealed record DidVerificationMethod(string Id, string Type, string Controller, string? PublicKeyMultibase)
{
    /// <summary>Creates a <c>Multikey</c> method for a key.</summary>
    /// <param name="id">The method id, e.g. <c>did:plc:…#atproto</c>.</param>
    /// <param name="controller">The controlling DID.</param>
    /// <param name="key">The public key, written with <see cref="PublicKey.ToMultikey"/>.</param>
    /// <returns>The method.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static DidVerificationMethod Multikey(string id, string controller, PublicKey key)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(controller);
        ArgumentNullException.ThrowIfNull(key);
        return new DidVerificationMethod(id, KeyAlgorithm.MultikeyVerificationType, controller, key.ToMultikey());
    }

    /// <summary>Decodes the public key of a <c>Multikey</c> or legacy secp256k1/secp256r1 method.</summary>
    /// <returns>The key, or <see langword="null"/> for another type, a missing <c>publicKeyMultibase</c>, or an invalid key.</returns>
    public PublicKey? ToPublicKey()
    {
        if (PublicKeyMultibase is null)
        {
            return null;
        }

        try
        {
            if (Type == KeyAlgorithm.MultikeyVerificationType)
            {
                return PublicKey.FromMultikey(PublicKeyMultibase);
            }

            return KeyAlgorithm.TryFromDidDocumentSuite(Type, out var algorithm)
                ? PublicKey.FromLegacyMultibase(algorithm, PublicKeyMultibase)
                : null;
        }
        catch (KeyFormatException)
        {
            return null;
        }
    }

    /// <summary>Reads an entry; other key formats (e.g. <c>publicKeyJwk</c>) and unknown fields are ignored.</summary>
    internal static DidVerificationMethod ReadJson(JsonElement json, string path)
    {
        IdentityJson.RequireObject(json, path);
        return new DidVerificationMethod(
            IdentityJson.RequiredString(json, "id", path),
            IdentityJson.RequiredString(json, "type", path),
            IdentityJson.RequiredString(json, "controller", path),
            IdentityJson.OptionalString(json, "publicKeyMultibase", path));
    }

    /// <summary>Writes the entry as a JSON object.</summary>
    internal void WriteJson(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteString("id", Id);
        writer.WriteString("type", Type);
        writer.WriteString("controller", Controller);
        if (PublicKeyMultibase is not null)
        {
            writer.WriteString("publicKeyMultibase", PublicKeyMultibase);
        }

        writer.WriteEndObject();
    }
}
