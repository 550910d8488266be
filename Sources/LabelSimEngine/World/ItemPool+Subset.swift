extension ItemPool {
    /// The items at `indices` (pool positions), in that order, with their features.
    func subset(_ indices: [Int]) -> ItemPool {
        var pool = ItemPool(
            classes: indices.map { classes[$0] }, domains: indices.map { domains[$0] }, difficulty: indices.map { difficulty[$0] })
        // The realism fields go with their items (a routed subset keeps its misleading items).
        if !confusable.isEmpty { pool.confusable = indices.map { confusable[$0] } }
        if !misleading.isEmpty { pool.misleading = indices.map { misleading[$0] } }
        if !ambiguity.isEmpty { pool.ambiguity = indices.map { ambiguity[$0] } }
        if !features.isEmpty {
            let dimensions = features.count / max(count, 1)
            pool.features.reserveCapacity(indices.count * dimensions)
            for index in indices { pool.features += features[(index * dimensions)..<((index + 1) * dimensions)] }
        }
        return pool
    }
}
