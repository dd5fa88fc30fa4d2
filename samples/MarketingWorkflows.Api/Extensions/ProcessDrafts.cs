using System.Text.RegularExpressions;

namespace MarketingWorkflows.Api.Extensions;

/// <summary>
/// The drafts of process definitions, one per process, kept as the author wrote them (YAML or
/// JSON, valid or not) in the <c>drafts</c> folder of the <see cref="ProcessFolder"/>. A draft's
/// file ends in <c>.draft</c>, so loading the folder's definitions at start-up never reads one.
/// </summary>
internal sealed partial class ProcessDrafts(ProcessFolder folder)
{
    /// <summary>The longest process id a draft may have.</summary>
    public const int MaxProcessIdLength = 100;

    private const string Extension = ".draft";

    // One publish at a time: the next version number is read, then taken.
    private static readonly SemaphoreSlim Publishing = new(1, 1);

    /// <summary>Gets the folder the drafts are in.</summary>
    public string Folder => Path.Combine(folder.Path, "drafts");

    /// <summary>Takes the lock that keeps two publishes from choosing the same version.</summary>
    public static async Task<IDisposable> LockAsync(CancellationToken cancellationToken)
    {
        await Publishing.WaitAsync(cancellationToken);
        return new Release();
    }

    /// <summary>Whether a text can name a draft's file: a process id as definitions have them.</summary>
    public static bool IsProcessId(string processId) => processId.Length <= MaxProcessIdLength && ProcessIdPattern().IsMatch(processId);

    /// <summary>Saves the draft of a process, replacing the one it had (in either syntax).</summary>
    public async Task SaveAsync(string processId, string text, bool yaml, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Folder);
        var path = FilePath(processId, yaml);
        var temporary = path + ".saving";
        await File.WriteAllTextAsync(temporary, text, cancellationToken);
        File.Move(temporary, path, overwrite: true);
        var other = FilePath(processId, !yaml);
        if (File.Exists(other))
        {
            File.Delete(other);
        }
    }

    /// <summary>Reads the draft of a process, or <see langword="null"/> when it has none.</summary>
    public async Task<ProcessDraft?> GetAsync(string processId, CancellationToken cancellationToken)
    {
        foreach (var yaml in (bool[])[true, false])
        {
            var path = FilePath(processId, yaml);
            try
            {
                return new ProcessDraft(processId, await File.ReadAllTextAsync(path, cancellationToken), yaml);
            }
            catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
            {
                // Not in this syntax; try the other.
            }
        }

        return null;
    }

    /// <summary>Deletes the draft of a process.</summary>
    /// <returns>Whether there was one.</returns>
    public bool Delete(string processId)
    {
        var deleted = false;
        foreach (var yaml in (bool[])[true, false])
        {
            var path = FilePath(processId, yaml);
            if (File.Exists(path))
            {
                File.Delete(path);
                deleted = true;
            }
        }

        return deleted;
    }

    private string FilePath(string processId, bool yaml) => Path.Combine(Folder, processId + (yaml ? ".yaml" : ".json") + Extension);

    [GeneratedRegex("^[a-z][a-z0-9]*(-[a-z0-9]+)*$")]
    private static partial Regex ProcessIdPattern();

    private sealed class Release : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                Publishing.Release();
            }
        }
    }
}

/// <summary>A saved draft.</summary>
/// <param name="ProcessId">The process it is a draft of.</param>
/// <param name="Text">The text, as saved.</param>
/// <param name="Yaml">Whether it is YAML (otherwise JSON).</param>
internal sealed record ProcessDraft(string ProcessId, string Text, bool Yaml)
{
    /// <summary>Gets a file name for the loader, which reads the syntax from it.</summary>
    public string FileName => $"{ProcessId}.draft{(Yaml ? ".yaml" : ".json")}";
}
