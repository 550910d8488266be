/// Sorts lists of distinct non-negative integers in decreasing order: a banned worker's items,
/// which are topped up lowest first (``LabelingRun``).
///
/// Such a list comes most recent first, but the worker's top-up labels interleave runs from all
/// over the pool, so a comparison sort is O(n log n) with a mispredicted branch on about every
/// comparison. Here the items are set as bits over their range, with a second level of bits
/// marking the words in use, and read back from the top: one leading-zero count per item and per
/// word in use, plus a pass over the second level (range ÷ 4,096 words). Lists spread so thin
/// that this pass would cost more than 4 words an item (a worker with a few labels scattered over
/// a large pool) take an insertion sort, O(n + inversions), with the library sort taking over
/// once it has moved entries 8n times. The values are distinct, so every route gives the same list.
///
/// The scratch bits are cleared as they are read, so they are all zero between calls; they grow
/// to the widest range sorted (one bit an item of the pool at most).
struct DescendingSort {
    /// One bit per value of the range, from its lowest value.
    private var bits: [UInt64] = []
    /// One bit per word of `bits` that holds a value.
    private var used: [UInt64] = []

    /// Whether the scratch is all zero (it is between calls).
    var isClear: Bool { bits.allSatisfy { $0 == 0 } && used.allSatisfy { $0 == 0 } }

    /// Whether `sort` has used the bit route (its scratch has grown).
    var hasBits: Bool { !bits.isEmpty }

    /// Sorts `list`, whose values are distinct and non-negative, in decreasing order.
    mutating func sort(_ list: inout [Int]) {
        let count = list.count
        guard count > 1 else { return }
        var lowest = Int.max
        var highest = Int.min
        for value in list {
            lowest = min(lowest, value)
            highest = max(highest, value)
        }
        let words = (highest &- lowest) >> 6 &+ 1
        let summaryWords = (words &- 1) >> 6 &+ 1
        guard summaryWords <= 4 &* count else {
            Self.insertionSort(&list)
            return
        }
        if bits.count < words { bits = Array(repeating: 0, count: max(words, 2 &* bits.count)) }
        if used.count < summaryWords { used = Array(repeating: 0, count: max(summaryWords, 2 &* used.count)) }
        bits.withUnsafeMutableBufferPointer { bits in
            used.withUnsafeMutableBufferPointer { used in
                list.withUnsafeMutableBufferPointer { entries in
                    for value in entries {
                        let offset = value &- lowest
                        let word = offset >> 6
                        bits[word] |= 1 &<< UInt64(offset & 63)
                        used[word >> 6] |= 1 &<< UInt64(word & 63)
                    }
                    var out = 0
                    var group = summaryWords
                    while group > 0 {
                        group &-= 1
                        var inUse = used[group]
                        guard inUse != 0 else { continue }
                        used[group] = 0
                        repeat {
                            let wordBit = 63 &- inUse.leadingZeroBitCount
                            inUse &= ~(1 &<< UInt64(wordBit))
                            let word = group << 6 &+ wordBit
                            var values = bits[word]
                            bits[word] = 0
                            let base = lowest &+ word << 6
                            repeat {
                                let bit = 63 &- values.leadingZeroBitCount
                                values &= ~(1 &<< UInt64(bit))
                                entries[out] = base &+ bit
                                out &+= 1
                            } while values != 0
                        } while inUse != 0
                    }
                }
            }
        }
    }

    /// Insertion sort, decreasing, handing over to the library sort after 8n moves.
    static func insertionSort(_ list: inout [Int]) {
        let count = list.count
        guard count > 1 else { return }
        let sorted = list.withUnsafeMutableBufferPointer { entries -> Bool in
            var budget = 8 &* count
            for index in 1..<count {
                let value = entries[index]
                var place = index
                while place > 0, entries[place &- 1] < value {
                    entries[place] = entries[place &- 1]
                    place &-= 1
                }
                entries[place] = value
                budget &-= index &- place
                if budget < 0 { return false }
            }
            return true
        }
        if !sorted { list.sort(by: >) }
    }
}
