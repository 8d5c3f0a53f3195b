using System.Security.Cryptography;
using System.Text;
using ServerlessPds.Pds.Ports;

namespace ServerlessPds.Pds.Storage.Local;

/// <summary>
/// <see cref="IKeyProtector"/> with AES-256-GCM under key-encryption keys (KEKs) held in process: the development
/// keystore. Each KEK has a one-byte id, so keys can be rotated: new data is protected under the current KEK and data
/// under older KEKs stays readable while those KEKs are supplied.
/// </summary>
/// <remarks>
/// Protected form (<see cref="Overhead"/> bytes longer than the plaintext):
/// <c>[format = 1][KEK id][12-byte random nonce][ciphertext][16-byte tag]</c>. The associated data is the first two
/// bytes followed by the UTF-8 purpose, so format, KEK id and purpose are all authenticated. Thread-safe. Dispose to
/// zero the KEKs.
/// </remarks>
public sealed class LocalKeyProtector : IKeyProtector, IDisposable
{
    /// <summary>The format byte written first.</summary>
    public const byte FormatVersion = 1;

    /// <summary>The length of a key-encryption key, in bytes (AES-256).</summary>
    public const int KeyBytes = 32;

    /// <summary>The bytes added to the plaintext: format, KEK id, nonce and tag.</summary>
    public const int Overhead = 2 + NonceBytes + TagBytes;

    private const int NonceBytes = 12;
    private const int TagBytes = 16;

    private readonly Dictionary<byte, byte[]> _keys;
    private readonly byte _currentKeyId;
    private bool _disposed;

    /// <summary>Initializes a protector with one KEK.</summary>
    /// <param name="keyId">The KEK's id, written into every protected value.</param>
    /// <param name="key">The 32-byte KEK (from configuration or the environment in development).</param>
    /// <exception cref="ArgumentException"><paramref name="key"/> is not 32 bytes.</exception>
    public LocalKeyProtector(byte keyId, ReadOnlySpan<byte> key)
        : this(keyId, new Dictionary<byte, byte[]> { [keyId] = key.ToArray() })
    {
    }

    /// <summary>Initializes a protector with a current KEK and older ones that are still accepted for reading.</summary>
    /// <param name="currentKeyId">The id of the KEK that protects new data; must be in <paramref name="keys"/>.</param>
    /// <param name="keys">Every KEK by id, each 32 bytes. They are copied.</param>
    /// <exception cref="ArgumentNullException"><paramref name="keys"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">A key is not 32 bytes, or <paramref name="currentKeyId"/> is missing.</exception>
    public LocalKeyProtector(byte currentKeyId, IReadOnlyDictionary<byte, byte[]> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        _keys = [];
        foreach (var (id, key) in keys)
        {
            if (key is null || key.Length != KeyBytes)
            {
                throw new ArgumentException($"Key-encryption key {id} must be {KeyBytes} bytes.", nameof(keys));
            }
            _keys[id] = (byte[])key.Clone();
        }
        if (!_keys.ContainsKey(currentKeyId))
        {
            throw new ArgumentException($"The current key id {currentKeyId} has no key.", nameof(currentKeyId));
        }
        _currentKeyId = currentKeyId;
    }

    /// <inheritdoc/>
    /// <exception cref="ObjectDisposedException">The protector was disposed.</exception>
    public byte[] Protect(ReadOnlySpan<byte> plaintext, string purpose)
    {
        ArgumentException.ThrowIfNullOrEmpty(purpose);
        ObjectDisposedException.ThrowIf(_disposed, this);
        var output = new byte[plaintext.Length + Overhead];
        output[0] = FormatVersion;
        output[1] = _currentKeyId;
        var nonce = output.AsSpan(2, NonceBytes);
        RandomNumberGenerator.Fill(nonce);
        var ciphertext = output.AsSpan(2 + NonceBytes, plaintext.Length);
        var tag = output.AsSpan(2 + NonceBytes + plaintext.Length, TagBytes);
        using var aes = new AesGcm(_keys[_currentKeyId], TagBytes);
        aes.Encrypt(nonce, plaintext, ciphertext, tag, AssociatedData(output[1], purpose));
        return output;
    }

    /// <inheritdoc/>
    /// <exception cref="ObjectDisposedException">The protector was disposed.</exception>
    public byte[] Unprotect(ReadOnlySpan<byte> protectedData, string purpose)
    {
        ArgumentException.ThrowIfNullOrEmpty(purpose);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (protectedData.Length < Overhead)
        {
            throw new CryptographicException($"Protected data is at least {Overhead} bytes; this is {protectedData.Length}.");
        }
        if (protectedData[0] != FormatVersion)
        {
            throw new CryptographicException($"Unknown protected-data format {protectedData[0]}.");
        }
        if (!_keys.TryGetValue(protectedData[1], out var key))
        {
            throw new CryptographicException($"No key-encryption key with id {protectedData[1]}.");
        }
        var length = protectedData.Length - Overhead;
        var plaintext = new byte[length];
        using var aes = new AesGcm(key, TagBytes);
        try
        {
            aes.Decrypt(
                protectedData.Slice(2, NonceBytes),
                protectedData.Slice(2 + NonceBytes, length),
                protectedData.Slice(2 + NonceBytes + length, TagBytes),
                plaintext,
                AssociatedData(protectedData[1], purpose));
        }
        catch (CryptographicException)
        {
            CryptographicOperations.ZeroMemory(plaintext);
            throw;
        }
        return plaintext;
    }

    /// <summary>Zeroes the key-encryption keys; later calls throw <see cref="ObjectDisposedException"/>.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        foreach (var key in _keys.Values)
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    private static byte[] AssociatedData(byte keyId, string purpose)
    {
        var data = new byte[2 + Encoding.UTF8.GetByteCount(purpose)];
        data[0] = FormatVersion;
        data[1] = keyId;
        Encoding.UTF8.GetBytes(purpose, data.AsSpan(2));
        return data;
    }
}
