/// A class count known at compile time, so generic hot loops over classes get specialised and
/// unrolled (`count <= 0`: read the count at run time).
protocol ClassWidth: SendableMetatype {
    /// The number of classes, or 0 for "not fixed".
    static var count: Int { get }
}

/// Two classes.
enum ClassWidth2: ClassWidth { static var count: Int { 2 } }
/// Three classes.
enum ClassWidth3: ClassWidth { static var count: Int { 3 } }
/// Four classes.
enum ClassWidth4: ClassWidth { static var count: Int { 4 } }
/// Five classes.
enum ClassWidth5: ClassWidth { static var count: Int { 5 } }
/// Any number of classes, read at run time.
enum ClassWidthAny: ClassWidth { static var count: Int { 0 } }
