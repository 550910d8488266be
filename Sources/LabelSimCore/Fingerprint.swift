/// A stable 64-bit FNV-1a hash, printed as 16 hex digits, to name and match sweeps and shards.
public enum Fingerprint {
    /// The hash of `parts` joined with a separator no part contains in practice.
    public static func of(_ parts: [String]) -> String {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in parts.joined(separator: "\u{1F}").utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
