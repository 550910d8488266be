internal import CGSL

/// Draws from a ``GSLRandom`` in blocks, giving exactly the values one-by-one calls would give,
/// and hands the unused rest of the last block back when done.
///
/// Hot loops pay GSL's call overhead once per block instead of once per draw. ``finish()`` puts
/// the generator where one-by-one draws would have left it (a copy of its state is kept before
/// each refill, restored, then advanced by the draws taken), so code that draws afterwards from
/// the same generator sees the same numbers whether or not this buffer was used.
public final class BufferedUniforms {
    /// The block's first draw and its length (``block``).
    @usableFromInline let base: UnsafeMutablePointer<Double>
    @usableFromInline let blockCount: Int
    /// The block of draws.
    @usableFromInline var block: UnsafeMutableBufferPointer<Double> { UnsafeMutableBufferPointer(start: base, count: blockCount) }
    /// Index of the next unused draw in ``block``. Kept behind a pointer, not as a stored `var`:
    /// a class's stored `var` gets a run-time exclusivity check on every access, which the hot
    /// loops calling ``uniform()`` would pay per draw.
    @usableFromInline let cursor: UnsafeMutablePointer<Int>
    private let rng: GSLRandom
    private let snapshot: UnsafeMutablePointer<gsl_rng>

    /// Creates a buffer over `rng`; draw only through it until ``finish()``.
    public init(_ rng: GSLRandom, blockSize: Int = 4096) {
        self.rng = rng
        blockCount = max(1, blockSize)
        base = .allocate(capacity: blockCount)
        cursor = .allocate(capacity: 1)
        cursor.initialize(to: blockCount)
        guard let copy = gsl_rng_clone(rng.handle) else {
            preconditionFailure("GSL could not allocate a random number generator")
        }
        snapshot = copy
    }

    deinit {
        finish()
        block.deallocate()
        cursor.deallocate()
        gsl_rng_free(snapshot)
    }

    @usableFromInline
    func refill() {
        gsl_rng_memcpy(snapshot, rng.handle)
        rng.fillUniform(block)
        cursor.pointee = 0
    }

    /// A uniform double in [0, 1), as ``GSLRandom/uniform()`` would give it.
    @inlinable @inline(__always)
    public func uniform() -> Double {
        if cursor.pointee == block.count { refill() }
        let u = block[cursor.pointee]
        cursor.pointee &+= 1
        return u
    }

    /// A uniform integer in `0..<n`, as ``GSLRandom/uniformInt(_:)`` would give it (mt19937's
    /// 32-bit outputs are exactly 2³² × the uniform; GSL divides by ⌊(2³² − 1)/n⌋ and rejects
    /// results ≥ n).
    @inlinable @inline(__always)
    public func uniformInt(_ n: Int) -> Int {
        while true {
            if let k = Self.integer(uniform: uniform(), below: n) { return k }
        }
    }

    /// The integer in `0..<n` that ``uniformInt(_:)`` takes from the uniform `u`, or nil when GSL
    /// rejects it and draws again.
    @inlinable @inline(__always)
    public static func integer(uniform u: Double, below n: Int) -> Int? {
        let scale = UInt64(0xFFFF_FFFF) / UInt64(n)
        let k = UInt64(u * 4_294_967_296.0) / scale
        return k < UInt64(n) ? Int(k) : nil
    }

    /// The draw `offset` places after the next one when it is already in the block, else nil; it
    /// is not taken (for prefetching by what a later draw will probably be used for).
    @inlinable @inline(__always)
    public func peek(_ offset: Int) -> Double? {
        let index = cursor.pointee &+ offset
        return index < block.count ? block[index] : nil
    }

    /// A draw from `sampler`, as ``GSLRandom/sample(_:)`` would give it.
    @inlinable @inline(__always)
    public func sample(_ sampler: DiscreteSampler) -> Int {
        sampler.outcome(forUniform: uniform())
    }

    /// A view of this buffer for hot loops, valid while the buffer lives: the same draws, taken
    /// through raw pointers, so that a draw involves no reference counting (a class reference
    /// held by a struct is retained and released around each inlined draw; the view touches the
    /// buffer object only to refill, in a call kept out of line).
    public var reader: Reader { Reader(self) }

    /// See ``reader``.
    @frozen
    public struct Reader {
        @usableFromInline let block: UnsafeMutablePointer<Double>
        @usableFromInline let count: Int
        @usableFromInline let cursor: UnsafeMutablePointer<Int>
        @usableFromInline let owner: Unmanaged<BufferedUniforms>

        init(_ buffer: BufferedUniforms) {
            block = buffer.base
            count = buffer.blockCount
            cursor = buffer.cursor
            owner = Unmanaged.passUnretained(buffer)
        }

        @usableFromInline @inline(never)
        static func refill(_ owner: Unmanaged<BufferedUniforms>) {
            owner._withUnsafeGuaranteedRef { $0.refill() }
        }

        /// ``BufferedUniforms/uniform()``.
        @inlinable @inline(__always)
        public func uniform() -> Double {
            var index = cursor.pointee
            if index == count {
                Self.refill(owner)
                index = 0
            }
            cursor.pointee = index &+ 1
            return block[index]
        }

        /// Takes draws one by one, handing each to `body`, until `body` returns a value (which is
        /// returned) or `limit` draws have been taken (nil): the same draws as that many
        /// ``uniform()`` calls. For rejection loops: the position in the block stays in a register
        /// and is written back once, not stored and reloaded around each draw (`body`'s loads
        /// through other pointers could otherwise alias it).
        @inlinable @inline(__always)
        public func first<Result>(within limit: Int, _ body: (Double) -> Result?) -> Result? {
            var index = cursor.pointee
            var taken = 0
            while taken < limit {
                if index == count {
                    Self.refill(owner)
                    index = 0
                }
                let u = block[index]
                index &+= 1
                taken &+= 1
                if let result = body(u) {
                    cursor.pointee = index
                    return result
                }
            }
            cursor.pointee = index
            return nil
        }

        /// ``BufferedUniforms/uniformInt(_:)``.
        @inlinable @inline(__always)
        public func uniformInt(_ n: Int) -> Int {
            while true {
                if let k = BufferedUniforms.integer(uniform: uniform(), below: n) { return k }
            }
        }

        /// ``BufferedUniforms/peek(_:)``.
        @inlinable @inline(__always)
        public func peek(_ offset: Int) -> Double? {
            let index = cursor.pointee &+ offset
            return index < count ? block[index] : nil
        }
    }

    /// Leaves the generator just after the last draw taken (also done on `deinit`); drawing
    /// through the buffer again starts a new block.
    public func finish() {
        let next = cursor.pointee
        guard next < block.count else { return }
        gsl_rng_memcpy(rng.handle, snapshot)
        for _ in 0..<next { _ = gsl_rng_get(rng.handle) }
        cursor.pointee = block.count
    }
}
