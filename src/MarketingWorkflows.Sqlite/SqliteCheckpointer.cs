using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;

namespace MarketingWorkflows.Sqlite;

/// <summary>
/// Copies the write-ahead log back into the database file off the writer's path. SQLite's own
/// automatic checkpoint runs inside the commit that takes the log past 1,000 pages: that commit,
/// and every command queued behind it, waits while the pages are copied and the file synced. Here
/// a connection of its own copies what the log holds shortly after commits, with a passive
/// checkpoint, which neither waits for nor blocks the writer and the readers. The writer keeps an
/// automatic checkpoint of its own at <see cref="WriterBackstopPages"/> pages: under writes that
/// never pause, a passive checkpoint never catches up with the log's end, so the log could not
/// start again from its beginning and would grow; the writer's checkpoint then finds most pages
/// copied already.
/// </summary>
internal sealed class SqliteCheckpointer : IAsyncDisposable
{
    /// <summary>The log's length, in pages, past which the writer checkpoints itself.</summary>
    public const int WriterBackstopPages = 4_000;

    /// <summary>The setting that gives a connection that writes the backstop.</summary>
    public static readonly string WriterBackstop = FormattableString.Invariant($"PRAGMA wal_autocheckpoint = {WriterBackstopPages};");

    // How long commits gather before a checkpoint: each copies this long's worth of pages at once.
    private static readonly TimeSpan s_gather = TimeSpan.FromMilliseconds(20);

    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _checkpoint;
    // Not disposed: no wait handle is ever made, and a commit finishing as the store closes may still note itself.
    private readonly SemaphoreSlim _written = new(0, 1);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _running;
    private int _disposed;

    /// <summary>Starts checkpointing through <paramref name="connection"/>, an open connection of its own, which it disposes.</summary>
    public SqliteCheckpointer(SqliteConnection connection)
    {
        _connection = connection;
        _checkpoint = connection.CreateCommand();
        _checkpoint.CommandText = "PRAGMA wal_checkpoint(PASSIVE);";
        _running = Task.Run(RunAsync);
    }

    /// <summary>Gets how many checkpoints have run, for tests.</summary>
    public long Checkpoints { get; private set; }

    /// <summary>Notes that a transaction committed: a checkpoint follows shortly.</summary>
    public void Written()
    {
        if (_written.CurrentCount == 0)
        {
            try
            {
                _written.Release();
            }
            catch (SemaphoreFullException)
            {
                // Another commit noted it first.
            }
        }
    }

    /// <summary>Stops checkpointing and closes the connection; SQLite checkpoints once more when the store's last connection closes.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        await _running.ConfigureAwait(false);
        _checkpoint.Dispose();
        await _connection.DisposeAsync().ConfigureAwait(false);
        _stop.Dispose();
    }

    private async Task RunAsync()
    {
        try
        {
            while (true)
            {
                await _written.WaitAsync(_stop.Token).ConfigureAwait(false);
                await Task.Delay(s_gather, _stop.Token).ConfigureAwait(false);
                Checkpoint();
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // Disposed.
        }
    }

    private void Checkpoint()
    {
        try
        {
            using var result = _checkpoint.ExecuteReader();
            Checkpoints++;
        }
        catch (SqliteException)
        {
            // Another process checkpointing, or a fault of the file: the writer's own checkpoint
            // still runs, and a fault shows on the commits and in the store's probe.
        }
    }
}
