// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "labelsim",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "labelsim", targets: ["labelsim"]),
        .executable(name: "labelsim-fuzz", targets: ["labelsim-fuzz"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        .systemLibrary(
            name: "CGSL",
            pkgConfig: "gsl",
            providers: [.apt(["libgsl-dev"])]
        ),
        .target(
            name: "LabelSimGSL",
            dependencies: ["CGSL"]
        ),
        .target(
            name: "LabelSimCore",
            dependencies: [.product(name: "Yams", package: "Yams")]
        ),
        .target(
            name: "LabelSimEngine",
            dependencies: ["LabelSimCore", "LabelSimGSL", "CGSL"]
        ),
        // Benchmarks and studies (bench, bench-aggregate, bench-learner, bench-mlp, bench-reward-model,
        // noise-shape), measurement included: kept out of the production modules; the CLI links them
        // for its benchmark subcommands, which parse, call one and print.
        .target(
            name: "LabelSimBench",
            dependencies: ["LabelSimEngine", "LabelSimCore", "LabelSimGSL"]
        ),
        .executableTarget(
            name: "labelsim",
            dependencies: [
                "LabelSimEngine",
                "LabelSimBench",
                "LabelSimCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .target(
            name: "LabelSimFuzz",
            dependencies: ["LabelSimEngine", "LabelSimCore", "LabelSimGSL"]
        ),
        .executableTarget(name: "labelsim-fuzz", dependencies: ["LabelSimFuzz"]),
        .testTarget(name: "LabelSimFuzzTests", dependencies: ["LabelSimFuzz"]),
        .testTarget(name: "LabelSimGSLTests", dependencies: ["LabelSimGSL"]),
        .testTarget(name: "LabelSimCoreTests", dependencies: ["LabelSimCore"]),
        .testTarget(
            name: "LabelSimEngineTests",
            dependencies: ["LabelSimEngine", "LabelSimCore", "LabelSimGSL", "LabelSimBench"],
            resources: []
        ),
        .testTarget(name: "LabelSimBenchTests", dependencies: ["LabelSimBench", "LabelSimEngine", "LabelSimCore", "LabelSimGSL"]),
        .testTarget(name: "labelsimTests", dependencies: ["labelsim"]),
    ]
)
