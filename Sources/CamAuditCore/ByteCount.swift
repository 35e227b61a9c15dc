/// Byte counts as people read them in tables and evidence: `950 B`, `12 kB`, `43 MB`.
public enum ByteCount {
    public static func text(_ count: Int) -> String {
        count < 10_000 ? "\(count) B" : count < 10_000_000 ? "\(count / 1000) kB" : "\(count / 1_000_000) MB"
    }
}
