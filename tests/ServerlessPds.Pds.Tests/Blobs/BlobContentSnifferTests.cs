using System.Text;
using ServerlessPds.Pds.Blobs;

namespace ServerlessPds.Pds.Tests.Blobs;

public sealed class BlobContentSnifferTests
{
    [Theory]
    [InlineData("FFD8FFE000104A464946", "image/jpeg")]
    [InlineData("89504E470D0A1A0A0000000D49484452", "image/png")]
    [InlineData("474946383961", "image/gif")]
    [InlineData("474946383761", "image/gif")]
    [InlineData("52494646240000005745425056503820", "image/webp")]
    [InlineData("524946462400000057415645666D7420", "audio/wav")]
    [InlineData("0000001C667479706176696600000000", "image/avif")]
    [InlineData("00000018667479706865696300000000", "image/heic")]
    [InlineData("000000186674797068657663", "image/heic-sequence")]
    [InlineData("000000186674797069736F6D00000200", "video/mp4")]
    [InlineData("00000020667479706D703432", "video/mp4")]
    [InlineData("00000014667479707174202000000000", "video/quicktime")]
    [InlineData("00000008776964650000", "video/quicktime")]
    [InlineData("000000186674797033677034", "video/3gpp")]
    [InlineData("1A45DFA3A34286810142F7810142F2810442F381084282847765626D", "video/webm")]
    [InlineData("1A45DFA3A34286810142F7810142F28104428288", "video/x-matroska")]
    [InlineData("4F67675300020000", "audio/ogg")]
    [InlineData("664C6143", "audio/x-flac")]
    [InlineData("494433040000", "audio/mpeg")]
    [InlineData("49492A00", "image/tiff")]
    [InlineData("255044462D312E37", "application/pdf")]
    public void Detect_KnownSignature_ReturnsType(string hex, string expected) =>
        Assert.Equal(expected, BlobContentSniffer.Detect(Convert.FromHexString(hex)));

    [Theory]
    [InlineData("<!doctype html><html><script>alert(1)</script>")]
    [InlineData("<svg xmlns=\"http://www.w3.org/2000/svg\"></svg>")]
    [InlineData("{\"json\": true}")]
    [InlineData("")]
    [InlineData("GIF8")]
    [InlineData("RIFF")]
    public void Detect_TextOrTooShort_ReturnsNull(string text) => Assert.Null(BlobContentSniffer.Detect(Encoding.UTF8.GetBytes(text)));
}
