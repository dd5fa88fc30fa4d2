using System;
using System.Globalization;
using System.IO;

namespace MarketingWorkflows.Benchmarks;

/// <summary>
/// The CPU time of the measured PostgreSQL server, from /proc: its postmaster and the postmaster's
/// children (backends and background processes), so that other PostgreSQL servers on the machine
/// do not count. Children that ended (autovacuum workers come and go during a run) count through
/// the postmaster's total for the children it has reaped.
/// </summary>
internal static class ServerCpu
{
    /// <summary>The measured server's postmaster, or 0 until <see cref="Find"/> found it (every PostgreSQL process on the machine is counted then).</summary>
    private static int s_postmaster;

    /// <summary>Finds the server's postmaster as the parent of one of its backends; returns it, or <see langword="null"/> when the backend is not on this machine.</summary>
    /// <param name="backend">A backend's process id (<c>pg_backend_pid()</c>).</param>
    public static int? Find(int backend)
    {
        s_postmaster = Stat(backend) is { Name: "postgres" } stat ? stat.Parent : 0;
        return s_postmaster == 0 ? null : s_postmaster;
    }

    /// <summary>Reads the CPU time (user and system) the server's processes used so far.</summary>
    public static TimeSpan Read()
    {
        long ticks = 0;
        foreach (var folder in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(folder), out var pid)
                && Stat(pid) is { Name: "postgres" } stat
                && (s_postmaster == 0 || pid == s_postmaster || stat.Parent == s_postmaster))
            {
                ticks += stat.Ticks + (pid == s_postmaster ? stat.ChildTicks : 0);
            }
        }

        return TimeSpan.FromSeconds(ticks / 100.0);
    }

    /// <summary>Reads a process's name, parent, CPU time and its reaped children's (user and system, in clock ticks) from /proc, or <see langword="null"/> when it has ended.</summary>
    private static (string Name, int Parent, long Ticks, long ChildTicks)? Stat(int pid)
    {
        try
        {
            // The name is in parentheses; the parent is field 4, utime and stime are fields 14 and
            // 15, cutime and cstime 16 and 17, counted after the name's closing parenthesis.
            var stat = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
            var name = stat[(stat.IndexOf('(', StringComparison.Ordinal) + 1)..stat.LastIndexOf(')')];
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return (name, int.Parse(fields[1], CultureInfo.InvariantCulture), long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture),
                long.Parse(fields[13], CultureInfo.InvariantCulture) + long.Parse(fields[14], CultureInfo.InvariantCulture));
        }
        catch (IOException)
        {
            return null;
        }
    }
}
