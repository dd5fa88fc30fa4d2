using System;
using System.Globalization;
using System.IO;

namespace MarketingWorkflows.Benchmarks.Soak;

/// <summary>
/// What the host process has used so far, from /proc: its CPU time (user and system) and the
/// bytes it passed through read and write calls (<c>rchar</c> and <c>wchar</c> in
/// <c>/proc/PID/io</c>: the store's file reads and writes, whether or not the disk was touched;
/// pages read through SQLite's memory map and sockets' <c>recvmsg</c> and <c>sendmsg</c> are not
/// counted). With the load's own CPU time (this process's),
/// so that a window shows what the two processes sharing the cores used. The machine's totals in
/// <c>/proc/stat</c> are not used: on this kind of virtual machine they lost about a third of the
/// time under the soak's load, while each process's own figure stayed right. Differences
/// between two readings are a window's.
/// </summary>
/// <param name="HostCpu">The host's CPU time.</param>
/// <param name="ReadBytes">The bytes the host read through read calls.</param>
/// <param name="WrittenBytes">The bytes the host wrote through write calls.</param>
/// <param name="LoadCpu">The load's CPU time (this process).</param>
/// <param name="LoadGcPause">The time the load's GC paused it (this process): requests due meanwhile go out late.</param>
internal readonly record struct HostUsage(TimeSpan HostCpu, long ReadBytes, long WrittenBytes, TimeSpan LoadCpu, TimeSpan LoadGcPause)
{
    private const double TicksPerSecond = 100;

    /// <summary>Reads the host's and the load's figures now; the host's are zeros where /proc is not there.</summary>
    public static HostUsage Read(int processId)
    {
        var load = Environment.CpuUsage.TotalTime;
        var loadPause = GC.GetTotalPauseDuration();
        try
        {
            var pid = processId.ToString(CultureInfo.InvariantCulture);

            // utime and stime are fields 14 and 15, counted from 1 with the name in parentheses as the second.
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var cpu = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            long read = 0, written = 0;
            foreach (var line in File.ReadLines($"/proc/{pid}/io"))
            {
                if (line.StartsWith("rchar:", StringComparison.Ordinal))
                {
                    read = long.Parse(line["rchar:".Length..], CultureInfo.InvariantCulture);
                }
                else if (line.StartsWith("wchar:", StringComparison.Ordinal))
                {
                    written = long.Parse(line["wchar:".Length..], CultureInfo.InvariantCulture);
                }
            }

            return new HostUsage(TimeSpan.FromSeconds(cpu / TicksPerSecond), read, written, load, loadPause);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new HostUsage(TimeSpan.Zero, 0, 0, load, loadPause);
        }
    }

    /// <summary>What was used between <paramref name="earlier"/> and this reading.</summary>
    public HostUsage Since(HostUsage earlier)
        => new(HostCpu - earlier.HostCpu, ReadBytes - earlier.ReadBytes, WrittenBytes - earlier.WrittenBytes, LoadCpu - earlier.LoadCpu, LoadGcPause - earlier.LoadGcPause);
}
