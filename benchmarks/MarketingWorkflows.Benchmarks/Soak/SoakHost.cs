using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace MarketingWorkflows.Benchmarks.Soak;

/// <summary>
/// The sample host (samples/MarketingWorkflows.Api) as its own process, in Release, on loopback:
/// started with the soak's settings, watched through <c>/proc</c> and <c>/readyz</c>, killed at the end.
/// </summary>
internal sealed class SoakHost : IAsyncDisposable
{
    private readonly Process _process;
    private readonly HttpClient _probe;
    private readonly Task _log;

    private SoakHost(Process process, Uri address, Task log)
    {
        _process = process;
        Address = address;
        _log = log;
        _probe = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(10) };
    }

    /// <summary>Gets the host's address.</summary>
    public Uri Address { get; }

    /// <summary>Gets the host process's id.</summary>
    public int ProcessId => _process.Id;

    /// <summary>Builds the sample host in Release (unless <paramref name="noBuild"/>) and returns its assembly's path.</summary>
    /// <exception cref="InvalidOperationException">The build failed, or the assembly is missing; the message says which.</exception>
    public static async Task<string> BuildAsync(string root, bool noBuild)
    {
        var project = Path.Combine(root, "samples", "MarketingWorkflows.Api");
        var assembly = Path.Combine(project, "bin", "Release", "net10.0", "MarketingWorkflows.Api.dll");
        if (!noBuild)
        {
            var start = new ProcessStartInfo("dotnet") { WorkingDirectory = root, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var argument in new[] { "build", "-c", "Release", "-v", "q", "-nologo", project })
            {
                start.ArgumentList.Add(argument);
            }

            using var build = Process.Start(start)!;
            var output = build.StandardOutput.ReadToEndAsync();
            var error = build.StandardError.ReadToEndAsync();
            await build.WaitForExitAsync();
            if (build.ExitCode != 0)
            {
                throw new InvalidOperationException($"dotnet build -c Release {project} failed with exit code {build.ExitCode}:\n{await output}{await error}");
            }
        }

        return File.Exists(assembly)
            ? assembly
            : throw new InvalidOperationException($"The sample host is not built at {assembly}: run without --no-build, or build it with dotnet build -c Release samples/MarketingWorkflows.Api.");
    }

    /// <summary>
    /// Starts the host on a free loopback port with <paramref name="settings"/> as environment
    /// variables, its output going to <paramref name="logFile"/>, and waits until <c>/readyz</c> answers 200.
    /// </summary>
    /// <exception cref="InvalidOperationException">The host ended, or was not ready within a minute; the message carries its log's end.</exception>
    public static async Task<SoakHost> StartAsync(string assembly, string contentRoot, IReadOnlyDictionary<string, string> settings, string logFile)
    {
        var address = new Uri($"http://127.0.0.1:{FreePort()}");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = contentRoot };
        foreach (var argument in new[] { assembly, "--urls", address.ToString().TrimEnd('/'), "--contentRoot", contentRoot })
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in settings)
        {
            start.Environment[name] = value;
        }

        var process = Process.Start(start)!;
        var log = CopyOutputAsync(process, logFile);
        var host = new SoakHost(process, address, log);
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < TimeSpan.FromMinutes(1))
        {
            if (process.HasExited)
            {
                await log;
                throw new InvalidOperationException($"The host ended with exit code {process.ExitCode} before it was ready:\n{Tail(logFile)}");
            }

            try
            {
                using var ready = await host._probe.GetAsync(new Uri("/readyz", UriKind.Relative));
                if (ready.StatusCode == HttpStatusCode.OK)
                {
                    return host;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(200);
        }

        await host.DisposeAsync();
        throw new InvalidOperationException($"The host was not ready within a minute:\n{Tail(logFile)}");
    }

    /// <summary>
    /// Reads the host's own resident memory (<c>RssAnon</c> in <c>/proc/PID/status</c>), in bytes:
    /// its heap and stacks, without the pages of files it maps. <c>VmRSS</c> would count the SQLite
    /// store's memory-mapped database file (up to 256 MB, see <c>mmap_size</c>), which grows with the
    /// file and is the operating system's page cache, not the process's memory.
    /// </summary>
    public long ReadResidentBytes()
    {
        foreach (var line in File.ReadLines($"/proc/{_process.Id}/status"))
        {
            if (line.StartsWith("RssAnon:", StringComparison.Ordinal))
            {
                return long.Parse(line["RssAnon:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
            }
        }

        return -1;
    }

    /// <summary>
    /// Reads the outbox backlog and the idempotency records from <c>/readyz</c> (which reads them
    /// from the store at most every 5 seconds), or -1 for a figure it does not show.
    /// </summary>
    public async Task<(long PendingEvents, long IdempotencyRecords, string Status)> ReadBacklogAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var response = await _probe.GetAsync(new Uri("/readyz", UriKind.Relative), cancellationToken);
            using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
            var status = body.RootElement.TryGetProperty("status", out var s) ? s.GetString() ?? "?" : "?";
            if (body.RootElement.TryGetProperty("checks", out var checks)
                && checks.TryGetProperty("store", out var store)
                && store.TryGetProperty("backlog", out var backlog))
            {
                return (backlog.GetProperty("pendingEvents").GetInt64(), backlog.GetProperty("idempotencyRecords").GetInt64(), status);
            }

            return (-1, -1, status);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException)
        {
            return (-1, -1, "no answer: " + e.GetType().Name);
        }
    }

    /// <summary>Kills the host (the soak's database is thrown away with it).</summary>
    public async ValueTask DisposeAsync()
    {
        _probe.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
        await _log;
        _process.Dispose();
    }

    private static async Task CopyOutputAsync(Process process, string logFile)
    {
        await using var writer = new StreamWriter(logFile);
        async Task CopyAsync(StreamReader reader)
        {
            while (await reader.ReadLineAsync() is { } line)
            {
                lock (writer)
                {
                    writer.WriteLine(line);
                }
            }
        }

        await Task.WhenAll(CopyAsync(process.StandardOutput), CopyAsync(process.StandardError));
    }

    private static string Tail(string logFile)
        => File.Exists(logFile) ? string.Join('\n', File.ReadLines(logFile).TakeLast(30)) : "(no log)";

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
