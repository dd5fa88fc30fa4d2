using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using MarketingWorkflows.Storage;
using Npgsql;

namespace MarketingWorkflows.PostgreSql;

/// <summary>Wake-up signals: LISTEN/NOTIFY tells idle workers on every host of new work.</summary>
public sealed partial class PostgreSqlProcessStore
{
    /// <summary>
    /// Gets how many hosts deliver events on this schema, as far as this one knows: itself, and
    /// every other host whose notifications in the last <see cref="PeerMemory"/> said it runs an
    /// event dispatcher (at most <see cref="MaxPacedHosts"/>; at least 1).
    /// </summary>
    internal int DispatchingHosts
    {
        get
        {
            var now = _time.GetTimestamp();
            var count = 1;
            foreach (var (peer, seen) in _peerDispatchers)
            {
                if (_time.GetElapsedTime(seen, now) <= PeerMemory)
                {
                    count++;
                }
                else
                {
                    _peerDispatchers.TryRemove(new KeyValuePair<Guid, long>(peer, seen));
                }
            }

            return Math.Min(count, MaxPacedHosts);
        }
    }

    /// <inheritdoc />
    public async Task WaitForWorkAsync(StoreWork work, TimeSpan timeout, TimeProvider timeProvider, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        if (_start.IsDone && Interlocked.Exchange(ref _listenStarted, 1) == 0)
        {
            _listening = Task.Run(ListenAsync);
        }

        // A wake-up is remembered until a wait takes it, so work announced while the worker was
        // busy with its last batch is not missed. Waits last at least NotifyInterval, so a worker
        // on a busy host claims at most that often unless its batches come back full; an event
        // dispatcher waits that long once for every host delivering events, so that the hosts
        // together claim as often as one would, each claim taking a larger batch.
        var started = timeProvider.GetTimestamp();
        var shortest = NotifyInterval;
        if (work == StoreWork.Events)
        {
            Volatile.Write(ref _dispatchingSince, _time.GetTimestamp());
            shortest = NotifyInterval * DispatchingHosts;
        }

        var signal = (work == StoreWork.Timers ? Volatile.Read(ref _timerWork) : Volatile.Read(ref _eventWork)).Task;
        if (!TakeWake(work))
        {
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var delay = Task.Delay(timeout, timeProvider, stop.Token);
            await Task.WhenAny(signal, delay).ConfigureAwait(false);
            await stop.CancelAsync().ConfigureAwait(false);
            TakeWake(work);
        }

        var rest = (timeout < shortest ? timeout : shortest) - timeProvider.GetElapsedTime(started);
        if (rest > TimeSpan.Zero)
        {
            await Task.Delay(rest, timeProvider, cancellationToken).ConfigureAwait(false);
        }

        cancellationToken.ThrowIfCancellationRequested();
    }

    private bool TakeWake(StoreWork work)
        => Interlocked.Exchange(ref work == StoreWork.Timers ? ref _timerWoken : ref _eventWoken, 0) == 1;

    /// <summary>
    /// Wakes this host's workers for the kinds of work given, at once, and every other host's
    /// through <c>NOTIFY</c> (payload "e", "t" or "et"). Notifications are coalesced: at most one
    /// per <see cref="NotifyInterval"/> per host, carrying every kind announced meanwhile, so a
    /// busy host does not send one per command; and, like the dispatchers' claims, one per that
    /// interval for every host delivering events, so that the hosts together send about as many
    /// as one would. Every host hears every notification: sent at the single-host pace by each of
    /// N hosts, they would cost N² wake-ups, on the server and on the hosts, for no sooner
    /// delivery, since a dispatcher claims no more often than that either.
    /// </summary>
    private void AnnounceWork(int kinds)
    {
        Wake(kinds);
        Interlocked.Or(ref _notifyKinds, kinds);
        if (Interlocked.Exchange(ref _notifyQueued, 1) == 0)
        {
            _ = Task.Run(NotifyAsync);
        }
    }

    private void Wake(int kinds)
    {
        if ((kinds & EventsBit) != 0)
        {
            Volatile.Write(ref _eventWoken, 1);
            Interlocked.Exchange(ref _eventWork, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
        }

        if ((kinds & TimersBit) != 0)
        {
            Volatile.Write(ref _timerWoken, 1);
            Interlocked.Exchange(ref _timerWork, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
        }
    }

    private async Task NotifyAsync()
    {
        try
        {
            while (true)
            {
                var kinds = Interlocked.Exchange(ref _notifyKinds, 0);
                if (kinds == 0)
                {
                    // Nothing new since the last notification: stop, unless work was announced
                    // between the exchange above and this, by a caller that saw this loop running.
                    Volatile.Write(ref _notifyQueued, 0);
                    if (Volatile.Read(ref _notifyKinds) == 0 || Interlocked.Exchange(ref _notifyQueued, 1) == 1)
                    {
                        return;
                    }

                    continue;
                }

                try
                {
                    using var connection = await _dataSource.OpenConnectionAsync(_closing.Token).ConfigureAwait(false);
                    using var command = Command(connection, "SELECT pg_notify($1, $2);", _channel, NotificationPayload(kinds));
                    await command.ExecuteNonQueryAsync(_closing.Token).ConfigureAwait(false);
                }
                catch (NpgsqlException)
                {
                    // Other hosts find the work at their next poll.
                }

                await Task.Delay(NotifyInterval * DispatchingHosts, _time, _closing.Token).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
        {
            // The store is closing.
        }
    }

    /// <summary>Listens for other hosts' notifications on a connection of its own, reconnecting when it drops.</summary>
    /// <summary>
    /// A notification's payload: the kinds of work ("e", "t" or "et"), then, after a colon, "d"
    /// when this host delivers events (its dispatcher waited for work lately), and the host's id.
    /// </summary>
    private string NotificationPayload(int kinds)
    {
        var dispatching = Volatile.Read(ref _dispatchingSince) is var since and not 0 && _time.GetElapsedTime(since) <= PeerMemory;
        return ((kinds & EventsBit) != 0 ? "e" : string.Empty) + ((kinds & TimersBit) != 0 ? "t" : string.Empty) + ":" + (dispatching ? "d" : string.Empty) + _owner.ToString("N", CultureInfo.InvariantCulture);
    }

    /// <summary>Wakes the workers for the work a notification announces, and notes another host's dispatcher.</summary>
    private void Received(string payload)
    {
        var colon = payload.IndexOf(':', StringComparison.Ordinal);
        var kinds = colon < 0 ? payload : payload[..colon];
        Wake((kinds.Contains('e', StringComparison.Ordinal) ? EventsBit : 0) | (kinds.Contains('t', StringComparison.Ordinal) ? TimersBit : 0));
        if (colon >= 0 && payload.Length > colon + 1 && payload[colon + 1] == 'd'
            && Guid.TryParseExact(payload.AsSpan(colon + 2), "N", out var peer) && peer != _owner)
        {
            _peerDispatchers[peer] = _time.GetTimestamp();
        }
    }

    private async Task ListenAsync()
    {
        var token = _closing.Token;
        while (!token.IsCancellationRequested)
        {
            try
            {
                using var connection = await _dataSource.OpenConnectionAsync(token).ConfigureAwait(false);
                connection.Notification += (_, e) => Received(e.Payload);
                using (var listen = new NpgsqlCommand($"LISTEN {_channel};", connection))
                {
                    await listen.ExecuteNonQueryAsync(token).ConfigureAwait(false);
                }

                while (!token.IsCancellationRequested)
                {
                    await connection.WaitAsync(token).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is NpgsqlException or System.IO.IOException or TimeoutException)
            {
                // The connection dropped, and notifications with it: workers look now, and poll
                // meanwhile; listen again shortly.
                Wake(EventsBit | TimersBit);
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(1), _time, token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }
}
