import Foundation
import LabelSimEngine
import Testing

#if canImport(Glibc)
    import Glibc
#endif

@Suite("Allocator policy")
struct AllocatorPolicyTests {
    #if canImport(Glibc)
        /// Minor page faults of the calling thread (other suites run in parallel: a process-wide
        /// count would include theirs).
        static func threadFaults() -> Int {
            var usage = rusage()
            getrusage(__rusage_who_t(1), &usage)  // RUSAGE_THREAD
            return usage.ru_minflt
        }

        /// The faults of allocating `bytes`, writing one byte per page and freeing it, after the
        /// same block was allocated, written and freed once before (fewest of three tries, so that
        /// another thread sharing this one's heap and taking the freed block cannot decide it).
        static func faultsOfReuse(bytes: Int) -> Int? {
            var fewest = Int.max
            for _ in 0..<3 {
                guard let first = malloc(bytes) else { return nil }
                for offset in stride(from: 0, to: bytes, by: 4096) { first.storeBytes(of: 1, toByteOffset: offset, as: UInt8.self) }
                free(first)
                let before = threadFaults()
                guard let second = malloc(bytes) else { return nil }
                for offset in stride(from: 0, to: bytes, by: 4096) { second.storeBytes(of: 2, toByteOffset: offset, as: UInt8.self) }
                free(second)
                fewest = min(fewest, threadFaults() - before)
            }
            return fewest
        }
    #endif

    @Test("kept blocks are reused without faulting their pages in again; returned ones fault every page")
    func reuseWithoutFaults() throws {
        #if canImport(Glibc)
            defer { AllocatorPolicy.keepFreedBlocks() }
            let bytes = 16 * 1024 * 1024
            let pages = bytes / 4096
            AllocatorPolicy.returnFreedBlocks()
            let returned = try #require(Self.faultsOfReuse(bytes: bytes))
            AllocatorPolicy.keepFreedBlocks()
            let kept = try #require(Self.faultsOfReuse(bytes: bytes))
            // Returned: the block is mapped on its own and unmapped when freed, so each of its
            // pages faults again. Kept: it stays in the heap and its pages stay resident.
            #expect(returned >= pages * 9 / 10, "returned: \(returned) faults for \(pages) pages")
            #expect(kept <= pages / 10, "kept: \(kept) faults for \(pages) pages")
        #endif
    }
}
