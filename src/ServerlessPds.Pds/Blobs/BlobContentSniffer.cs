using System.Text;

namespace ServerlessPds.Pds.Blobs;

/// <summary>
/// Detects the content type of the common image, video and audio formats (and PDF) from a blob's first bytes, as the
/// reference PDS does with the <c>file-type</c> package: the type it detects is stored, the declared
/// <c>Content-Type</c> only when it detects none.
/// </summary>
/// <remarks>
/// Signatures: JPEG <c>FF D8 FF</c>; PNG <c>89 'PNG' 0D 0A 1A 0A</c>; GIF <c>'GIF87a'</c>/<c>'GIF89a'</c>; RIFF
/// containers (<c>'RIFF' size 'WEBP'</c>, <c>'WAVE'</c>, <c>'AVI '</c>); TIFF <c>'II*' 00</c>/<c>'MM' 00 '*'</c>;
/// JPEG XL; ISO base media files by the major brand of their <c>ftyp</c> box (AVIF, HEIC/HEIF, QuickTime, 3GPP, M4A/M4V,
/// otherwise MP4); EBML (WebM when its DocType says <c>webm</c>, else Matroska); Ogg; FLAC; MP3 with an ID3 tag; PDF.
/// Text formats (HTML, SVG, JSON) are not detected, so a declared type stands for them; getBlob serves every blob with
/// <c>X-Content-Type-Options: nosniff</c> and a sandboxing CSP, which keeps them inert.
/// </remarks>
public static class BlobContentSniffer
{
    /// <summary>How many leading bytes <see cref="Detect"/> looks at.</summary>
    public const int HeadBytes = 64;

    /// <summary>Detects the content type from the first bytes of a blob.</summary>
    /// <param name="head">Up to <see cref="HeadBytes"/> leading bytes (fewer when the blob is shorter).</param>
    /// <returns>A media type such as <c>image/png</c>, or <see langword="null"/> when the format is not recognised.</returns>
    public static string? Detect(ReadOnlySpan<byte> head)
    {
        if (head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]))
        {
            return "image/jpeg";
        }

        if (head.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        {
            return "image/png";
        }

        if (head.StartsWith("GIF87a"u8) || head.StartsWith("GIF89a"u8))
        {
            return "image/gif";
        }

        if (head.StartsWith("RIFF"u8) && head.Length >= 12)
        {
            return Riff(head.Slice(8, 4));
        }

        if (head.StartsWith("II*\0"u8) || head.StartsWith("MM\0*"u8))
        {
            return "image/tiff";
        }

        if (head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0x0A]) || head.StartsWith((ReadOnlySpan<byte>)[0, 0, 0, 0x0C, 0x4A, 0x58, 0x4C, 0x20]))
        {
            return "image/jxl";
        }

        if (head.Length >= 12 && head.Slice(4, 4).SequenceEqual("ftyp"u8))
        {
            return IsoBrand(Encoding.ASCII.GetString(head.Slice(8, 4)));
        }

        if (head.Length >= 8 && (head.Slice(4, 4).SequenceEqual("moov"u8) || head.Slice(4, 4).SequenceEqual("mdat"u8) || head.Slice(4, 4).SequenceEqual("wide"u8)))
        {
            return "video/quicktime";
        }

        if (head.StartsWith((ReadOnlySpan<byte>)[0x1A, 0x45, 0xDF, 0xA3]))
        {
            return head.IndexOf("webm"u8) >= 0 ? "video/webm" : "video/x-matroska";
        }

        if (head.StartsWith("OggS"u8))
        {
            return head.IndexOf("theora"u8) >= 0 ? "video/ogg" : "audio/ogg";
        }

        if (head.StartsWith("fLaC"u8))
        {
            return "audio/x-flac";
        }

        if (head.StartsWith("ID3"u8))
        {
            return "audio/mpeg";
        }

        return head.StartsWith("%PDF-"u8) ? "application/pdf" : null;
    }

    private static string? Riff(ReadOnlySpan<byte> form) => form switch
    {
        _ when form.SequenceEqual("WEBP"u8) => "image/webp",
        _ when form.SequenceEqual("WAVE"u8) => "audio/wav",
        _ when form.SequenceEqual("AVI "u8) => "video/vnd.avi",
        _ => null,
    };

    private static string IsoBrand(string brand) => brand switch
    {
        "avif" or "avis" => "image/avif",
        "heic" or "heix" => "image/heic",
        "hevc" or "hevx" => "image/heic-sequence",
        "mif1" => "image/heif",
        "msf1" => "image/heif-sequence",
        "qt  " => "video/quicktime",
        "M4A " => "audio/x-m4a",
        "M4V " or "M4VH" or "M4VP" => "video/x-m4v",
        _ when brand.StartsWith("3g2", StringComparison.Ordinal) => "video/3gpp2",
        _ when brand.StartsWith("3g", StringComparison.Ordinal) => "video/3gpp",
        _ => "video/mp4",
    };
}
