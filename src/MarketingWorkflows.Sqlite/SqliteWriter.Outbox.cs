using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using MarketingWorkflows.Storage;
using Microsoft.Data.Sqlite;

namespace MarketingWorkflows.Sqlite;

/// <summary>
/// The event dispatcher's bookkeeping, written in the writer's groups: an acknowledgement deletes
/// the event's row from the small table of pending events (the event row itself is not touched),
/// and a claim writes its lease on those rows. Both land on the few pages of that table, which a
/// group's commits dirty anyway when they add their events to it.
/// </summary>
internal sealed partial class SqliteWriter
{
    private SqliteCommand? _acknowledge;
    private SqliteCommand? _scanPending;
    private SqliteCommand? _lease;

    private SqliteCommand[] OutboxCommands()
    {
        // Through the event's id index (a read): the pending table keeps no index of its own to update.
        _acknowledge = Command("DELETE FROM mwf_outbox_pending WHERE seq = (SELECT seq FROM mwf_outbox WHERE id = $id);", "$id");
        _scanPending = Command($"SELECT {SqliteProcessStore.PendingColumns}, p.seq, p.lease_until FROM mwf_outbox_pending p JOIN mwf_outbox o ON o.seq = p.seq ORDER BY p.seq;");
        _lease = Command("UPDATE mwf_outbox_pending SET lease_owner = $owner, lease_until = $until WHERE seq = $seq;", "$owner", "$until", "$seq");
        return [_acknowledge, _scanPending, _lease];
    }

    private void Acknowledge(PendingAcknowledgement acknowledgement)
    {
        foreach (var eventId in acknowledgement.EventIds)
        {
            _acknowledge!.Parameters[0].Value = SqliteProcessStore.Key(eventId);
            _acknowledge.ExecuteNonQuery();
        }
    }

    /// <summary>Claims pending events as <see cref="SqliteProcessStore.ClaimPendingEventsAsync"/> describes, inside the group's transaction.</summary>
    private void Claim(PendingClaim claim)
    {
        var now = claim.Now.UtcTicks;
        var claimed = new List<(long Seq, OutboxEntry Entry)>();
        var passedOver = new HashSet<Guid>();
        long lastSeq = 0;
        using (var reader = _scanPending!.ExecuteReader())
        {
            while (claimed.Count < claim.MaxCount && reader.Read())
            {
                var entry = SqliteProcessStore.ReadOutboxEntry(reader);
                var instance = entry.Event.InstanceId;
                lastSeq = reader.GetInt64(12);
                if (passedOver.Contains(instance))
                {
                    continue;
                }

                if (reader.GetInt64(13) > now || entry.NextAttemptAt > claim.Now)
                {
                    passedOver.Add(instance);
                    claimed.RemoveAll(c => c.Entry.Event.InstanceId == instance);
                    continue;
                }

                claimed.Add((lastSeq, entry));
            }
        }

        if (claimed.Count > 0)
        {
            // The scan stopped at MaxCount: an instance claimed so far is passed over after all
            // when a later pending event of it waits for a retry or is leased. (This reads the
            // pending events after the last one scanned; an index by instance would cost the
            // writer an update on every command.)
            using (var later = _connection.CreateCommand())
            {
                later.Transaction = _transaction;
                var instances = claimed.Select(c => c.Entry.Event.InstanceId).Distinct().ToList();
                var names = new List<string>();
                for (var i = 0; i < instances.Count; i++)
                {
                    names.Add("$i" + i.ToString(CultureInfo.InvariantCulture));
                    later.Parameters.AddWithValue(names[^1], SqliteProcessStore.Key(instances[i]));
                }

                later.CommandText = $"""
                    SELECT DISTINCT o.instance_id FROM mwf_outbox_pending p JOIN mwf_outbox o ON o.seq = p.seq
                    WHERE p.seq > $last AND (p.next_attempt_at > $now OR p.lease_until > $now) AND o.instance_id IN ({string.Join(", ", names)});
                    """;
                later.Parameters.AddWithValue("$last", lastSeq);
                later.Parameters.AddWithValue("$now", now);
                using var reader = later.ExecuteReader();
                while (reader.Read())
                {
                    var instance = Guid.Parse(reader.GetString(0));
                    claimed.RemoveAll(c => c.Entry.Event.InstanceId == instance);
                }
            }

            _lease!.Parameters[0].Value = claim.Owner;
            _lease.Parameters[1].Value = (claim.Now + claim.Lease).UtcTicks;
            foreach (var (seq, _) in claimed)
            {
                _lease.Parameters[2].Value = seq;
                _lease.ExecuteNonQuery();
            }
        }

        claim.Claimed = [.. claimed.Select(c => c.Entry)];
    }
}
