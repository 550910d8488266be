/// Strategies (vendor mixes), vendor calendars and the timeline.
extension ScenarioParser {
    static let strategyKeys = ["name", "route", "split"]
    static let calendarKeys = ["labels_per_day", "lead_days", "ramp_days"]
    static let timelineKeys = ["periods", "period_days", "budget_per_period", "plans"]

    /// `vendors[].calendar`; the default capacity is `speed.labels_per_hour` × 24 when a speed is
    /// given (the vendor works around the clock), else workers × `hours_per_day` × 3600 ÷ mean
    /// seconds per label.
    static func readCalendar(
        _ node: ConfigNode?, path: String, workforce: WorkforceSpec, seconds: Double, labelsPerHour: Double?, reader: ScenarioReader
    ) -> VendorCalendar {
        let fields = reader.mapping(node, "\(path).calendar", allowed: calendarKeys) ?? [:]
        let derived = labelsPerHour.map { $0 * 24 } ?? Double(workforce.workers) * workforce.hoursPerDay * 3600 / seconds
        let perDay = fields["labels_per_day"].flatMap { reader.positive($0, "\(path).calendar.labels_per_day") } ?? derived
        func days(_ key: String) -> Double {
            guard let value = fields[key].flatMap({ reader.double($0, "\(path).calendar.\(key)") }) else { return 0 }
            if value < 0 || value > Limits.days {
                reader.report(fields[key], "\(path).calendar.\(key)", "must be between 0 and \(Int(Limits.days)) days, got \(value)")
                return 0
            }
            return value
        }
        return VendorCalendar(labelsPerDay: perDay, leadDays: days("lead_days"), rampDays: days("ramp_days"))
    }

    /// `strategies:` — `{name, route: {domain: vendor}}` or `{name, split: {vendor: share}}`.
    static func readStrategies(_ node: ConfigNode?, task: TaskSpec, vendors: [VendorSpec], reader: ScenarioReader) -> [StrategySpec] {
        guard let node, let items = reader.sequence(node, "strategies") else { return [] }
        let vendorNames = vendors.map(\.name)
        var names = Set(vendorNames)
        var strategies: [StrategySpec] = []
        for (index, item) in items.enumerated() {
            guard let fields = reader.mapping(item, "strategies[\(index)]", allowed: strategyKeys) else { continue }
            guard let name = reader.string(fields["name"], "strategies[\(index)].name") else {
                if fields["name"] == nil { reader.report(item, "strategies[\(index)].name", "missing; every strategy needs a name") }
                continue
            }
            let path = "strategies.\(name)"
            if !names.insert(name).inserted {
                reader.report(fields["name"], "\(path).name", "'\(name)' is already the name of a vendor or strategy")
                continue
            }
            func vendorIndex(_ value: ConfigNode, _ keyPath: String) -> Int? {
                guard let text = reader.string(value, keyPath) else { return nil }
                if let found = vendorNames.firstIndex(of: text) { return found }
                var message = "no vendor named '\(text)' (have: \(vendorNames.joined(separator: ", ")))"
                if let suggestion = Spelling.closest(to: text, among: vendorNames) { message += "; did you mean '\(suggestion)'?" }
                reader.report(value, keyPath, message)
                return nil
            }
            switch (fields["route"], fields["split"]) {
            case (let routeNode?, nil):
                guard let entries = reader.namedValues(routeNode, "\(path).route") else { continue }
                var byDomain = [Int?](repeating: nil, count: task.domains.count)
                var valid = true
                for (domain, value) in entries {
                    guard let position = task.domains.firstIndex(where: { $0.name == domain }) else {
                        reader.report(value, "\(path).route.\(domain)", "'\(domain)' is not a domain of task.domains")
                        valid = false
                        continue
                    }
                    byDomain[position] = vendorIndex(value, "\(path).route.\(domain)")
                    if byDomain[position] == nil { valid = false }
                }
                let missing = task.domains.indices.filter { byDomain[$0] == nil }.map { task.domains[$0].name }
                if valid, !missing.isEmpty {
                    reader.report(routeNode, "\(path).route", "routes no vendor for domain \(missing.joined(separator: ", "))")
                    valid = false
                }
                if valid { strategies.append(StrategySpec(name: name, mix: .route(vendorByDomain: byDomain.compactMap { $0 }))) }
            case (nil, let splitNode?):
                guard let entries = reader.namedValues(splitNode, "\(path).split"), !entries.isEmpty else {
                    reader.report(splitNode, "\(path).split", "give at least one vendor: share")
                    continue
                }
                var shares: [StrategySpec.Share] = []
                var valid = true
                for (vendorName, value) in entries {
                    let keyPath = "\(path).split.\(vendorName)"
                    let vendor = vendorIndex(.scalar(vendorName, quoted: false, origin: value.origin), keyPath)
                    let share = reader.probability(value, keyPath)
                    if let share, share <= 0 { reader.report(value, keyPath, "a share must be above 0") }
                    guard let vendor, let share, share > 0 else {
                        valid = false
                        continue
                    }
                    shares.append(StrategySpec.Share(vendor: vendor, share: share))
                }
                // The sum is only meaningful once every entry is a known vendor with a valid share
                // (it summed only the valid ones: "they sum to 0.5" beside an unknown vendor).
                if valid {
                    reader.checkSum(shares.map(\.share), splitNode, "\(path).split", what: "budget shares")
                    strategies.append(StrategySpec(name: name, mix: .split(shares)))
                }
            case (.some, .some):
                reader.report(item, path, "give either route or split, not both")
            case (nil, nil):
                reader.report(item, path, "give route: {domain: vendor} or split: {vendor: share}")
            }
        }
        return strategies
    }

    /// `timeline:` — periods, their length and budgets, and the plans (a strategy, or one per period).
    /// `declared`: the names in the file's `strategies:` list, valid or not; a plan naming one
    /// that has problems of its own is not blamed again.
    static func readTimeline(
        _ node: ConfigNode?, vendors: [VendorSpec], strategies: [StrategySpec], declared: [String] = [], reader: ScenarioReader
    ) -> TimelineSpec? {
        guard let node, let fields = reader.mapping(node, "timeline", allowed: timelineKeys) else { return nil }
        guard let periods = reader.integer(fields["periods"], "timeline.periods", minimum: 1, maximum: 1000) else {
            if fields["periods"] == nil { reader.report(node, "timeline.periods", "missing; how many periods (months)?") }
            return nil
        }
        let periodDays =
            fields["period_days"] == nil ? 30 : reader.positive(fields["period_days"], "timeline.period_days") ?? 30
        var budgets: [Double] = []
        switch fields["budget_per_period"] {
        case nil:
            reader.report(node, "timeline.budget_per_period", "missing; dollars per period (a number, or a list with one per period)")
        case .sequence(let items, _)?:
            budgets = items.compactMap { reader.positive($0, "timeline.budget_per_period") }
            if items.count != periods {
                reader.report(
                    fields["budget_per_period"], "timeline.budget_per_period", "lists \(items.count) budgets for \(periods) periods")
            }
        case let value?:
            if let dollars = reader.positive(value, "timeline.budget_per_period") { budgets = Array(repeating: dollars, count: periods) }
        }
        let optionNames = vendors.map(\.name) + strategies.map(\.name)
        var plans: [TimelineSpec.Plan] = []
        if let entries = reader.namedValues(fields["plans"], "timeline.plans") {
            if entries.isEmpty { reader.report(fields["plans"], "timeline.plans", "name at least one plan: {NAME: strategy}") }
            var reported: Set<String> = []
            for (name, value) in entries {
                let path = "timeline.plans.\(name)"
                func option(_ node: ConfigNode) -> Int? {
                    guard let text = reader.string(node, path) else { return nil }
                    if let found = optionNames.firstIndex(of: text) { return found }
                    // A strategy with problems of its own, or a name this plan already got wrong.
                    if declared.contains(text) || !reported.insert(path + "\u{0}" + text).inserted { return nil }
                    var message = "no vendor or strategy named '\(text)' (have: \(optionNames.joined(separator: ", ")))"
                    if let suggestion = Spelling.closest(to: text, among: optionNames) { message += "; did you mean '\(suggestion)'?" }
                    reader.report(node, path, message)
                    return nil
                }
                if case .sequence(let items, _) = value {
                    let options = items.compactMap(option)
                    if items.count != periods {
                        reader.report(value, path, "lists \(items.count) strategies for \(periods) periods")
                    } else if options.count == periods {
                        plans.append(TimelineSpec.Plan(name: name, options: options))
                    }
                } else if let single = option(value) {
                    plans.append(TimelineSpec.Plan(name: name, options: Array(repeating: single, count: periods)))
                }
            }
        }
        if fields["plans"] == nil { reader.report(node, "timeline.plans", "missing; name at least one plan: {NAME: strategy}") }
        guard budgets.count == periods, !plans.isEmpty else { return nil }
        return TimelineSpec(periodDays: periodDays, budgets: budgets, plans: plans)
    }
}
