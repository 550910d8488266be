import LabelSimCore

/// What went into a run, for the report's inputs table: one row per vendor and strategy.
extension RunFormatter {
    /// Header and rows: price in the vendor's unit, speed, workers, mean accuracy by type share,
    /// domain skills, quality control and calendar; strategies say how they mix.
    func inputsTable() -> (header: [String], rows: [[String]]) {
        let scenario = result.scenario
        let header = ["option", "price", "s/label", "workers", "mean accuracy", "domain skill", "quality control", "calendar"]
        var rows = scenario.vendors.map { vendor -> [String] in
            let price: String
            switch vendor.pricing {
            case .perLabel(let dollars): price = "$\(NumberText.human(dollars))/label"
            case .perHour(let dollars, _): price = "$\(NumberText.human(dollars))/h"
            }
            let accuracy = vendor.workforce.types.map { type -> String in
                let share = "\(Int((type.share * 100).rounded()))% \(type.kind.rawValue)"
                return type.kind == .spammer ? share : "\(share) \(NumberText.human(type.accuracy.mean))"
            }.joined(separator: ", ")
            let skill = scenario.task.domains.map { "\($0.name) \(NumberText.human(vendor.workforce.domainSkill[$0.name] ?? 1))" }
                .joined(separator: ", ")
            let quality = vendor.quality
            var controls = [
                "redundancy \(quality.redundancy.minimum)\(quality.redundancy.maximum > quality.redundancy.minimum ? "–\(quality.redundancy.maximum)" : "")",
                quality.aggregation.rawValue,
            ]
            if quality.goldFraction > 0 { controls.append("gold \(NumberText.human(quality.goldFraction * 100))%") }
            if let ban = quality.banBelow { controls.append("ban below \(NumberText.human(ban))") }
            if let review = quality.review {
                controls.append("review by \(review.vendor) below \(NumberText.human(review.belowAgreement))")
            }
            if quality.overhead > 0 { controls.append("overhead \(NumberText.human(quality.overhead * 100))%") }
            let calendar = vendor.calendar
            var days = ["\(NumberText.human(calendar.labelsPerDay)) labels/day"]
            if calendar.leadDays > 0 { days.append("lead \(NumberText.human(calendar.leadDays)) d") }
            if calendar.rampDays > 0 { days.append("ramp \(NumberText.human(calendar.rampDays)) d") }
            return [
                vendor.name, price, NumberText.human(vendor.secondsPerLabel), String(vendor.workforce.workers), accuracy, skill,
                controls.joined(separator: ", "), days.joined(separator: ", "),
            ]
        }
        for strategy in scenario.strategies {
            let mix: String
            switch strategy.mix {
            case .route(let byDomain):
                mix =
                    "route: "
                    + zip(scenario.task.domains, byDomain).map { "\($0.name) → \(scenario.vendors[$1].name)" }.joined(separator: ", ")
            case .split(let shares):
                mix =
                    "split: "
                    + shares.map { "\(scenario.vendors[$0.vendor].name) \(NumberText.human($0.share * 100))%" }.joined(separator: ", ")
            }
            rows.append([strategy.name, mix, "", "", "", "", "", ""])
        }
        return (header, rows)
    }

    /// One line on the budget: per option, per period with a timeline.
    func budgetLine() -> String {
        let scenario = result.scenario
        if let timeline = scenario.timeline {
            let budgets = timeline.budgets.map { "$\(NumberText.human($0))" }.joined(separator: ", ")
            return "Timeline: \(timeline.periods) periods of \(NumberText.human(timeline.periodDays)) days, budgets \(budgets); plans: "
                + timeline.plans.map { plan in
                    "\(plan.name) = " + plan.options.map { scenario.optionName(strategyOrVendor: $0) }.joined(separator: " → ")
                }.joined(separator: "; ") + "."
        }
        var line: String
        switch scenario.budget {
        case .dollars(let dollars): line = "Budget: $\(NumberText.human(dollars)) per option"
        case .items(let items): line = "Budget: \(items) items per option"
        }
        if let deadline = scenario.deadlineDays { line += ", deadline \(NumberText.human(deadline)) days" }
        return line + "; \(scenario.data.trainItems) items in the pool, \(scenario.task.classes) classes, domains "
            + scenario.task.domains.map { "\($0.name) \(NumberText.human($0.share * 100))%" }.joined(separator: ", ") + "."
    }
}

extension Scenario {
    /// The name of vendor-or-strategy index `index` (a vendor index, or `vendors.count + s`).
    func optionName(strategyOrVendor index: Int) -> String {
        index < vendors.count ? vendors[index].name : strategies[index - vendors.count].name
    }
}
