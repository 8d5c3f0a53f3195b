using System.Net;
using System.Net.Sockets;

namespace ServerlessPds.Pds.Proxy;

/// <summary>
/// The addresses an outbound request to a target taken from a DID document or a header may connect to: public unicast
/// only, as the reference's <c>isUnicastIp</c>. Refused: unspecified, loopback, private (10/8, 172.16/12, 192.168/16),
/// carrier-grade NAT (100.64/10), link-local (169.254/16, fe80::/10), multicast, broadcast and reserved (0/8, 240/4,
/// 192.0.0/24, the documentation and benchmarking ranges), IPv6 unique-local (fc00::/7), site-local, and IPv4-mapped,
/// NAT64 or 6to4 addresses whose IPv4 part is refused.
/// </summary>
public static class SsrfAddressPolicy
{
    /// <summary>Tells whether an address is a public unicast address.</summary>
    /// <param name="address">The resolved address.</param>
    /// <returns><see langword="true"/> if a connection to it is allowed.</returns>
    public static bool IsPublicUnicast(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6)
        {
            return IsPublicUnicast(address.MapToIPv4());
        }
        return address.AddressFamily switch
        {
            AddressFamily.InterNetwork => IsPublicV4(address.GetAddressBytes()),
            AddressFamily.InterNetworkV6 => IsPublicV6(address),
            _ => false,
        };
    }

    private static bool IsPublicV4(byte[] b) => !(
        b[0] is 0 or 10 or 127 || b[0] >= 224
        || (b[0] == 100 && (b[1] & 0xC0) == 64)
        || (b[0] == 169 && b[1] == 254)
        || (b[0] == 172 && (b[1] & 0xF0) == 16)
        || (b[0] == 192 && b[1] == 168)
        || (b[0] == 192 && b[1] == 0 && b[2] is 0 or 2)
        || (b[0] == 198 && (b[1] & 0xFE) == 18)
        || (b[0] == 198 && b[1] == 51 && b[2] == 100)
        || (b[0] == 203 && b[1] == 0 && b[2] == 113));

    private static bool IsPublicV6(IPAddress address)
    {
        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.IPv6None) || address.IsIPv6LinkLocal
            || address.IsIPv6SiteLocal || address.IsIPv6Multicast || address.IsIPv6UniqueLocal)
        {
            return false;
        }
        var b = address.GetAddressBytes();
        if (b[0] == 0x20 && b[1] == 0x02)
        {
            return IsPublicV4([b[2], b[3], b[4], b[5]]); // 6to4
        }
        if (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b)
        {
            return IsPublicV4([b[12], b[13], b[14], b[15]]); // NAT64
        }
        if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0d && b[3] == 0xb8)
        {
            return false; // documentation
        }
        return (b[0] & 0xE0) == 0x20; // global unicast 2000::/3
    }
}
