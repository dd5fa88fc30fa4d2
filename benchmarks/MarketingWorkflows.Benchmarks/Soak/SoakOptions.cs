using System;
using System.Globalization;

namespace MarketingWorkflows.Benchmarks.Soak;

/// <summary>The soak run's command line: <c>soak [--store sqlite|postgres] [--minutes N] [--rate N] ...</c>.</summary>
internal sealed record SoakOptions
{
    /// <summary>Gets the store the host runs on: <c>sqlite</c> (a fresh file) or <c>postgres</c> (a fresh database).</summary>
    public string Store { get; init; } = "sqlite";

    /// <summary>Gets how long the fixed-rate load runs (the calibration and the preparation come before).</summary>
    public double Minutes { get; init; } = 10;

    /// <summary>Gets the fixed rate in requests a second, or <see langword="null"/> for half the capacity measured first.</summary>
    public double? Rate { get; init; }

    /// <summary>Gets how long idempotency records and delivered events are kept, so that retention applies within the run.</summary>
    public TimeSpan Retention { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Gets how often the host's retention worker runs.</summary>
    public TimeSpan RetentionInterval { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Gets how often a row is sampled.</summary>
    public TimeSpan Window { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Gets how long the load runs at its rate before the first window, unrecorded.</summary>
    public TimeSpan WarmUp { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Gets how many campaigns are created before the load starts.</summary>
    public int Campaigns { get; init; } = 1000;

    /// <summary>Gets how long the closed-loop burst that measures the capacity is timed (after a warm-up of a third as long).</summary>
    public TimeSpan CalibrationTime { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Gets the most connections the host's pool opens to PostgreSQL (<c>Maximum Pool Size</c>):
    /// by default 10, sized to a server of two cores as docs/scaling.md advises; Npgsql's own
    /// default, 100, lets the pool grow into the server's slow moments.
    /// </summary>
    public int PoolSize { get; init; } = 10;

    /// <summary>
    /// Gets whether the load is steady, a control: state changes take the place of new campaigns,
    /// so the campaigns stay as prepared while the history still grows. Set against a run of the
    /// usual mix, it tells what the data's growth costs from what the machine's own moments do.
    /// </summary>
    public bool Steady { get; init; }

    /// <summary>Gets whether the host is used as built (no <c>dotnet build -c Release</c> of the sample host first).</summary>
    public bool NoBuild { get; init; }

    /// <summary>Gets whether the work folder (database, host log) is kept after the run.</summary>
    public bool Keep { get; init; }

    /// <summary>Reads the options after the <c>soak</c> verb.</summary>
    /// <exception cref="ArgumentException">An option is unknown, lacks its value or is out of range; the message names it.</exception>
    public static SoakOptions Parse(string[] args)
    {
        var options = new SoakOptions();
        for (var i = 1; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            options = args[i] switch
            {
                "--store" => options with { Store = Next().ToLowerInvariant() },
                "--minutes" => options with { Minutes = Number(args[i], Next()) },
                "--rate" => options with { Rate = Number(args[i], Next()) },
                "--retention-minutes" => options with { Retention = TimeSpan.FromMinutes(Number(args[i], Next())) },
                "--retention-interval-seconds" => options with { RetentionInterval = TimeSpan.FromSeconds(Number(args[i], Next())) },
                "--window-seconds" => options with { Window = TimeSpan.FromSeconds(Number(args[i], Next())) },
                "--warmup-seconds" => options with { WarmUp = TimeSpan.FromSeconds(Number(args[i], Next())) },
                "--campaigns" => options with { Campaigns = (int)Number(args[i], Next()) },
                "--calibrate-seconds" => options with { CalibrationTime = TimeSpan.FromSeconds(Number(args[i], Next())) },
                "--pool-size" => options with { PoolSize = (int)Number(args[i], Next()) },
                "--steady" => options with { Steady = true },
                "--no-build" => options with { NoBuild = true },
                "--keep" => options with { Keep = true },
                _ => throw new ArgumentException($"Unknown option '{args[i]}'. The soak run takes --store sqlite|postgres, --minutes N, --rate N, --retention-minutes N, --retention-interval-seconds N, --window-seconds N, --warmup-seconds N, --campaigns N, --calibrate-seconds N, --pool-size N, --steady, --no-build and --keep."),
            };
        }

        if (options.Store is not ("sqlite" or "postgres"))
        {
            throw new ArgumentException($"--store is '{options.Store}'; use sqlite or postgres.");
        }

        if (options.Retention < TimeSpan.FromMinutes(1))
        {
            throw new ArgumentException($"--retention-minutes is {options.Retention.TotalMinutes}; the host keeps records at least 1 minute.");
        }

        if (options.Minutes * 60 < 3 * options.Window.TotalSeconds)
        {
            throw new ArgumentException($"--minutes {options.Minutes} gives fewer than three windows of {options.Window.TotalSeconds} s; the verdicts compare the first third with the last.");
        }

        if (options.Rate is <= 0 || options.Campaigns < 10 || options.PoolSize < 1 || options.Window <= TimeSpan.Zero || options.CalibrationTime <= TimeSpan.Zero)
        {
            throw new ArgumentException("--rate, --window-seconds, --calibrate-seconds and --pool-size must be positive, and --campaigns at least 10.");
        }

        return options;
    }

    private static double Number(string name, string text)
        => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value >= 0
            ? value
            : throw new ArgumentException($"{name} is '{text}'; give a number.");
}
