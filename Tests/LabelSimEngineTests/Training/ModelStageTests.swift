import LabelSimCore
import LabelSimEngine
import LabelSimGSL
import Testing

@Suite("Model stage in the pipeline")
struct ModelStageTests {
    static let text = """
        name: model
        seed: 4
        replications: 4
        task: {classes: 2, difficulty: from_features}
        data: {train_items: 3000, test_items: 2000, features: {dimensions: 4, separation: 2}}
        model: {l2: 0.001, learning_curve: [100, 1000, 5000]}
        budget: {items: 3000}
        vendors:
          - name: clean
            pricing: {per_label: 1}
            workforce: {workers: 10, types: [{share: 1, accuracy: 1}]}
          - name: noisy
            pricing: {per_label: 1}
            workforce: {workers: 10, types: [{share: 1, accuracy: 0.7}]}
        """

    func run(threads: Int, overrides: [String] = []) throws -> RunResult {
        let scenario = try ScenarioDocument.parse(text: Self.text, path: "m.yaml", overrides: overrides).scenario
        return try MonteCarloRun(scenario: scenario, threads: threads).execute()
    }

    func mean(_ result: RunResult, vendor: Int, _ metric: Metric) throws -> Double {
        #expect(result.catalog.contains(metric), "\(metric) is not recorded")
        return MetricSummary(values: result.values(vendor: vendor, metric: metric)).mean
    }

    @Test("model metrics: a perfect labeller equals the oracle; noise costs accuracy; Bayes is Φ(s/2)")
    func metrics() throws {
        let result = try run(threads: 2, overrides: ["task.difficulty=0"])
        #expect(try mean(result, vendor: 0, .noiseCost) == 0)
        #expect(try mean(result, vendor: 0, .modelAccuracy) == mean(result, vendor: 0, .oracleAccuracy))
        #expect(abs(try mean(result, vendor: 0, .bayesAccuracy) - Distributions.normalCDF(1)) < 1e-12)
        #expect(try mean(result, vendor: 0, .modelAccuracy) > Distributions.normalCDF(1) - 0.02)
        #expect(try mean(result, vendor: 1, .noiseCost) >= 0)
        // The learning curve: more items, better model; a size beyond the items labelled is missing.
        #expect(try mean(result, vendor: 0, .modelAccuracy(trainedOn: 1000)) > mean(result, vendor: 0, .modelAccuracy(trainedOn: 100)))
        #expect(try mean(result, vendor: 0, .modelAccuracy(trainedOn: 5000)).isNaN)
        #expect(abs(try mean(result, vendor: 1, .labelAccuracy) - 0.7) < 0.01)
        // Difficulty from features: even the perfect labeller errs on ambiguous items, and noise costs.
        let hard = try run(threads: 2)
        #expect(try mean(hard, vendor: 0, .labelAccuracy) < 0.95)
        #expect(try mean(hard, vendor: 1, .labelAccuracy) < 0.65)
    }

    @Test("same seed, 1 and 3 threads: identical rows with the model stage")
    func determinism() throws {
        let one = try run(threads: 1)
        let three = try run(threads: 3)
        #expect(RunFormatter(result: one).replicationsCSV() == RunFormatter(result: three).replicationsCSV())
    }

    @Test("replication 0's fits as starting points change the path, not the fitted models")
    func recordedStartsKeepTheOptimum() throws {
        // A run starts replications 1… from replication 0's fits (FitStarts); each replication
        // run on its own starts from the Bayes weights and the oracle. Both converge to the same
        // optimum within the fit's stopping rule (a thousandth of the gradient's sampling error,
        // ModelStage.samplingTolerance), so the accuracies agree to the test item and the
        // log-loss to 1e-4, a hundredth of its Monte Carlo error (about 1e-2 here).
        let scenario = try ScenarioDocument.parse(text: Self.text, path: "m.yaml").scenario
        let run = try MonteCarloRun(scenario: scenario, threads: 2).execute()
        let alone = try Replication(scenario: scenario)
        let logLoss = try #require(run.catalog.metrics.first { $0.name == "model_log_loss" })
        var moved = 0
        for index in 0..<scenario.replications {
            let rows = try alone.run(index: index)
            for vendor in 0..<2 {
                let started = run.rows[index][vendor]
                #expect(abs((started[logLoss] ?? .nan) - (rows[vendor][logLoss] ?? .nan)) < 1e-4)
                let accuracy = (started[.modelAccuracy] ?? .nan) - (rows[vendor][.modelAccuracy] ?? .nan)
                #expect(abs(accuracy) <= 1.0 / 2000 + 1e-12, "replication \(index), vendor \(vendor)")
                if accuracy != 0 { moved += 1 }
            }
        }
        #expect(moved <= 1)
    }

    @Test("soft targets train on posteriors and give a finite model")
    func softTargets() throws {
        let result = try run(
            threads: 2, overrides: ["model.targets=soft", "vendors.noisy.quality={redundancy: 3, aggregation: dawid-skene}"])
        let accuracy = try mean(result, vendor: 1, .modelAccuracy)
        #expect(accuracy.isFinite && accuracy > 0.7)
    }

    @Test("a model without features, and too few informative dimensions, are refused")
    func validation() {
        #expect(throws: ScenarioProblems.self) {
            try ScenarioDocument.parse(text: Self.text, path: "m.yaml", overrides: ["data.features=null"])
        }
        #expect(throws: ScenarioProblems.self) {
            try ScenarioDocument.parse(text: Self.text, path: "m.yaml", overrides: ["data.features.informative=9"])
        }
    }
}

@Suite("Model stage with the perceptron")
struct PerceptronStageTests {
    static let text = """
        name: mlp
        seed: 7
        replications: 3
        task: {classes: 2, difficulty: 0}
        data: {train_items: 600, test_items: 1000, features: {dimensions: 2, separation: 3, mixture: 2}}
        model: {learner: mlp, mlp: {hidden: 8, learning_rate: 0.01, epochs: 30}}
        budget: {items: 600}
        vendors:
          - name: clean
            pricing: {per_label: 1}
            workforce: {workers: 10, types: [{share: 1, accuracy: 1}]}
          - name: noisy
            pricing: {per_label: 1}
            workforce: {workers: 10, types: [{share: 1, accuracy: 0.8}]}
        """

    @Test("same seed, same numbers whatever the thread count; the clean vendor equals the oracle")
    func deterministicAcrossThreads() throws {
        let scenario = try ScenarioDocument.parse(text: Self.text, path: "m.yaml").scenario
        #expect(scenario.model.learner == .mlp)
        #expect(scenario.model.perceptron.hidden == [8])
        #expect(scenario.data.features?.components == 2)
        let one = try MonteCarloRun(scenario: scenario, threads: 1).execute()
        let two = try MonteCarloRun(scenario: scenario, threads: 2).execute()
        let accuracy = Metric.modelAccuracy
        let noiseCost = Metric.noiseCost
        #expect(one.catalog.contains(accuracy) && one.catalog.contains(noiseCost))
        for vendor in 0..<2 {
            #expect(one.values(vendor: vendor, metric: accuracy) == two.values(vendor: vendor, metric: accuracy))
        }
        #expect(one.values(vendor: 0, metric: noiseCost).allSatisfy { $0 == 0 })
        #expect(MetricSummary(values: one.values(vendor: 0, metric: accuracy)).mean > 0.8)
    }

    @Test("learner and mlp keys are validated with their key path")
    func badKeys() throws {
        let bad = Self.text.replacingOccurrences(of: "hidden: 8", with: "hiden: 8")
        #expect(throws: (any Error).self) { try ScenarioDocument.parse(text: bad, path: "m.yaml") }
        let unknown = Self.text.replacingOccurrences(of: "learner: mlp", with: "learner: forest")
        do {
            _ = try ScenarioDocument.parse(text: unknown, path: "m.yaml")
            Issue.record("an unknown learner was accepted")
        } catch {
            #expect("\(error)".contains("model.learner"))
        }
    }
}

@Suite("Evaluation sets bought from a vendor")
struct EvaluationSetTests {
    static let text = """
        name: evaluation
        seed: 8
        replications: 4
        task: {classes: 2, difficulty: 0}
        data: {train_items: 1500, test_items: 2000, features: {dimensions: 4, separation: 2}}
        budget: {items: 1500}
        evaluation: {vendor: perfect, items: 1000, redundancy: 1}
        vendors:
          - name: perfect
            pricing: {per_label: 1}
            workforce: {workers: 10, types: [{share: 1, accuracy: 1}]}
          - name: noisy
            pricing: {per_label: 1}
            workforce: {workers: 10, types: [{share: 1, accuracy: 0.75}]}
        """

    func run(_ text: String) throws -> RunResult {
        let scenario = try ScenarioDocument.parse(text: text, path: "e.yaml").scenario
        return try MonteCarloRun(scenario: scenario, threads: 2).execute()
    }

    func values(_ result: RunResult, _ vendor: Int, _ metric: Metric) throws -> [Double] {
        let values = result.values(vendor: vendor, metric: metric)
        try #require(!values.isEmpty, "\(metric) is not recorded")
        return values
    }

    @Test("a perfect vendor's set measures the true accuracy exactly; a noisy one's understates it")
    func perfectMeasuresTruth() throws {
        let perfect = try run(Self.text)
        for vendor in 0..<2 {
            #expect(try values(perfect, vendor, .measurementError).allSatisfy { $0 == 0 })
            #expect(try values(perfect, vendor, .measuredAccuracy) == values(perfect, vendor, .evaluationTrueAccuracy))
        }
        #expect(try values(perfect, 0, .evaluationLabelAccuracy).allSatisfy { $0 == 1 })
        let noisy = try run(Self.text.replacingOccurrences(of: "vendor: perfect, items", with: "vendor: noisy, items"))
        // Labels right 75% of the time, independent of the model's errors: measured ≈ 0.75·t + 0.25·(1 − t).
        let measured = MetricSummary(values: try values(noisy, 0, .measuredAccuracy)).mean
        let truth = MetricSummary(values: try values(noisy, 0, .evaluationTrueAccuracy)).mean
        #expect(abs(measured - (0.75 * truth + 0.25 * (1 - truth))) < 0.02)
        #expect(abs(MetricSummary(values: try values(noisy, 0, .evaluationLabelAccuracy)).mean - 0.75) < 0.02)
        #expect(EvaluationAgreement(result: perfect) != nil)
    }

    @Test("the evaluation vendor must exist")
    func unknownVendor() throws {
        let bad = Self.text.replacingOccurrences(of: "vendor: perfect, items", with: "vendor: nobody, items")
        do {
            _ = try ScenarioDocument.parse(text: bad, path: "e.yaml")
            Issue.record("an unknown evaluation vendor was accepted")
        } catch {
            #expect("\(error)".contains("evaluation.vendor"))
        }
    }
}
