using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace MarketingWorkflows.Benchmarks.Soak;

/// <summary>
/// The soak's requests to the sample host, as one marketer (<c>ana</c>, signed in through the demo
/// token endpoint): reads of campaigns and lists, and state changes that really change state —
/// each campaign is submitted (Draft → BudgetReview) and withdrawn (back to Draft) in turn, never
/// two commands on one campaign at a time, so every command is a valid transition — and new
/// campaigns, so that the data grows. Every command carries an idempotency key of its own. A
/// steady load (<c>--steady</c>, a control) sends state changes instead of new campaigns: the
/// campaigns stay as prepared, so what the data's growth costs can be told from the machine.
/// </summary>
internal sealed class SoakTraffic : IDisposable
{
    /// <summary>The mix, in percent: reads of one campaign, list queries, state changes, new campaigns.</summary>
    public static readonly (Kind Kind, int Percent)[] Mix = [(Kind.GetInstance, 65), (Kind.ListInstances, 15), (Kind.StateChange, 17), (Kind.CreateCampaign, 3)];

    private static readonly string[] Lists =
    [
        "/api/instances?process=campaign-approval&state=Draft&take=20",
        "/api/instances?field=owner&value=ana&take=20",
        "/api/instances?process=campaign-approval&take=20",
    ];

    private readonly HttpClient _client;
    private readonly bool _steady;
    private readonly ConcurrentQueue<Campaign> _idle = new();
    private readonly List<Guid> _ids = [];
    private readonly ConcurrentDictionary<string, long> _answers = new(StringComparer.Ordinal);
    private long _created;
    private long _lists;

    /// <summary>Creates the client for the host at <paramref name="address"/>; up to 256 connections, as many clients would open.</summary>
    /// <param name="address">The host.</param>
    /// <param name="steady">Whether state changes take the place of new campaigns, so that the campaigns stay as prepared.</param>
    public SoakTraffic(Uri address, bool steady = false)
    {
        _steady = steady;
        var handler = new SocketsHttpHandler { MaxConnectionsPerServer = 256, PooledConnectionLifetime = Timeout.InfiniteTimeSpan, UseCookies = false };
        _client = new HttpClient(handler) { BaseAddress = address, Timeout = TimeSpan.FromSeconds(60) };
    }

    /// <summary>What a request does.</summary>
    public enum Kind
    {
        /// <summary>GET one campaign.</summary>
        GetInstance,

        /// <summary>GET a page of a list query (by state, by owner, all campaigns; each with its bounded total).</summary>
        ListInstances,

        /// <summary>POST Submit or Withdraw, whichever the campaign is ready for, with an idempotency key.</summary>
        StateChange,

        /// <summary>POST a new campaign, with an idempotency key.</summary>
        CreateCampaign,
    }

    /// <summary>Gets how many campaigns there are.</summary>
    public int Campaigns
    {
        get
        {
            lock (_ids)
            {
                return _ids.Count;
            }
        }
    }

    /// <summary>Gets every answer so far by request and status (or error), for the summary.</summary>
    public IReadOnlyDictionary<string, long> Answers => _answers;

    /// <summary>Picks a request by the <see cref="Mix"/>; a steady load's new campaigns are state changes.</summary>
    public Kind Pick(Random random)
    {
        var roll = random.Next(100);
        foreach (var (kind, percent) in Mix)
        {
            if (roll < percent)
            {
                return Steadied(kind);
            }

            roll -= percent;
        }

        return Steadied(Mix[^1].Kind);
    }

    /// <summary>Describes the mix for the output.</summary>
    public string DescribeMix() => string.Join(", ", Mix.GroupBy(m => Steadied(m.Kind)).Select(g => $"{g.Sum(m => m.Percent)} % {Describe(g.Key)}"))
        + (_steady ? " (steady: no new campaigns)" : "");

    /// <summary>Describes a kind of request for the output.</summary>
    public static string Describe(Kind kind) => kind switch
    {
        Kind.GetInstance => "GET one campaign",
        Kind.ListInstances => "GET a list (by state, by owner, all; 20 a page)",
        Kind.StateChange => "POST Submit/Withdraw (idempotency key)",
        _ => "POST a new campaign (idempotency key)",
    };

    /// <summary>Signs in as the demo marketer <c>ana</c> (the host runs in Development, where demo sign-in is on).</summary>
    /// <exception cref="InvalidOperationException">The host issued no token; the message carries its answer.</exception>
    public async Task SignInAsync()
    {
        using var response = await _client.PostAsync(new Uri("/api/demo/token", UriKind.Relative), Json("""{"userId":"ana"}"""));
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"POST /api/demo/token answered {(int)response.StatusCode}: {body}");
        }

        using var token = JsonDocument.Parse(body);
        _client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.RootElement.GetProperty("accessToken").GetString());
    }

    /// <summary>Creates <paramref name="count"/> campaigns in draft, <paramref name="parallel"/> at a time.</summary>
    /// <exception cref="InvalidOperationException">A campaign could not be created.</exception>
    public async Task PrepareAsync(int count, int parallel)
    {
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = parallel }, async (_, _) =>
        {
            var (ok, answer) = await CreateAsync();
            if (!ok)
            {
                throw new InvalidOperationException($"Preparing the campaigns failed: {answer}.");
            }
        });
    }

    private Kind Steadied(Kind kind) => _steady && kind == Kind.CreateCampaign ? Kind.StateChange : kind;

    /// <summary>Forgets the answers counted so far (those of the calibration), so that the summary covers the soak alone.</summary>
    public void ForgetAnswers() => _answers.Clear();

    /// <summary>Sends one request of <paramref name="kind"/> and waits for its whole answer.</summary>
    /// <returns>Whether it succeeded (2xx), and how it was answered.</returns>
    public async Task<(bool Ok, string Answer)> SendAsync(Kind kind)
    {
        var (ok, answer) = kind switch
        {
            Kind.GetInstance => await ReadAsync(Label.Get, $"/api/instances/{RandomId()}"),
            Kind.ListInstances => await ReadAsync(Label.List, Lists[Interlocked.Increment(ref _lists) % Lists.Length]),
            Kind.StateChange => await ChangeStateAsync(),
            _ => await CreateAsync(),
        };
        _answers.AddOrUpdate(answer, 1, (_, n) => n + 1);
        return (ok, answer);
    }

    /// <summary>Disposes the client.</summary>
    public void Dispose() => _client.Dispose();

    private Guid RandomId()
    {
        lock (_ids)
        {
            return _ids[Random.Shared.Next(_ids.Count)];
        }
    }

    private async Task<(bool, string)> ReadAsync(string label, string path)
    {
        try
        {
            using var response = await _client.GetAsync(new Uri(path, UriKind.Relative));
            return Answered(label, response);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return (false, $"{label} {e.GetType().Name}");
        }
    }

    private async Task<(bool, string)> ChangeStateAsync()
    {
        if (!_idle.TryDequeue(out var campaign))
        {
            // Every campaign has a command in flight: the rate is higher than the pool allows.
            var (ok, answer) = await CreateAsync();
            return (ok, answer + " (instead of a state change: no campaign was free)");
        }

        var trigger = campaign.Submitted ? "Withdraw" : "Submit";
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"/api/instances/{campaign.Id}/triggers/{trigger}", UriKind.Relative)) { Content = Json("{}") };
            request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString("N"));
            using var response = await _client.SendAsync(request);
            var result = Answered($"POST {trigger}", response);
            if (response.IsSuccessStatusCode)
            {
                campaign.Submitted = !campaign.Submitted;
            }
            else
            {
                await ResynchroniseAsync(campaign);
            }

            return result;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            await ResynchroniseAsync(campaign);
            return (false, $"POST {trigger} {e.GetType().Name}");
        }
        finally
        {
            _idle.Enqueue(campaign);
        }
    }

    // After a failed command the campaign's state is read again rather than guessed.
    private async Task ResynchroniseAsync(Campaign campaign)
    {
        try
        {
            using var response = await _client.GetAsync(new Uri($"/api/instances/{campaign.Id}", UriKind.Relative));
            if (response.IsSuccessStatusCode)
            {
                using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
                campaign.Submitted = body.RootElement.GetProperty("state").GetString() != "Draft";
            }
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException or KeyNotFoundException or InvalidOperationException)
        {
            // Left as it was; a wrong guess is answered 409 next time and read again then.
        }
    }

    private async Task<(bool, string)> CreateAsync()
    {
        var number = Interlocked.Increment(ref _created);
        var body = $$$"""{"processId":"campaign-approval","data":{"name":"Soak {{{number}}}","owner":"ana","budget":{"amount":20000,"currency":"EUR"},"regions":["US"],"channels":["social"]}}""";
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/instances", UriKind.Relative)) { Content = Json(body) };
            request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString("N"));
            using var response = await _client.SendAsync(request);
            if (response.StatusCode == HttpStatusCode.Created)
            {
                using var created = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
                var campaign = new Campaign(created.RootElement.GetProperty("id").GetGuid());
                lock (_ids)
                {
                    _ids.Add(campaign.Id);
                }

                _idle.Enqueue(campaign);
            }

            return Answered(Label.Create, response);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            return (false, $"{Label.Create} {e.GetType().Name}");
        }
    }

    private static (bool, string) Answered(string label, HttpResponseMessage response)
        => (response.IsSuccessStatusCode, $"{label} {(int)response.StatusCode}");

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    /// <summary>The names answers are counted under.</summary>
    private static class Label
    {
        public const string Get = "GET instance";
        public const string List = "GET list";
        public const string Create = "POST new campaign";
    }

    /// <summary>A campaign of the pool; <see cref="Submitted"/> is changed only by the one command in flight on it.</summary>
    private sealed class Campaign(Guid id)
    {
        public Guid Id { get; } = id;

        public bool Submitted { get; set; }
    }
}
