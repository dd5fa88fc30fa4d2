using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using MarketingWorkflows.Api.Extensions;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace MarketingWorkflows.Api.Tests;

/// <summary>
/// Walks every operation of the OpenAPI document and sends it bad input made from its own
/// description: each body field missing, null, empty, of the wrong type or oversized; bad query
/// and path values; bad headers. Every answer must be a 4xx problem, and no instance or history
/// may change. Endpoints added later are walked without changing this test.
/// </summary>
public sealed class BadInputWalkTests : IClassFixture<ApiFactory>
{
    private const int Oversized = 100_000;
    private static readonly string[] AllRoles = ["marketer", "author", "campaign-owner", "finance", "finance-lead", "legal", "cmo", "ops-lead", "analyst", "brand", "publisher", "process-admin"];
    private readonly ApiFactory _factory;
    private readonly ITestOutputHelper _output;

    public BadInputWalkTests(ApiFactory factory, ITestOutputHelper output)
    {
        _factory = factory;
        _output = output;
    }

    [Fact]
    public async Task Every_operation_answers_bad_input_with_a_4xx_problem_and_changes_nothing()
    {
        var document = await OpenApiDocument.ReadAsync(_factory);
        var ana = await _factory.SignInAsync("ana");
        var instance = (await Campaigns.SubmittedAsync(ana)).GetProperty("id").GetGuid();

        // One user with every role, so that requests get past the role checks to the input checks.
        using var walker = _factory.CreateClient();
        var token = _factory.Services.GetRequiredService<DemoTokens>().Issue("walker", AllRoles);
        walker.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var before = await SnapshotAsync(ana);

        var failures = new List<string>();
        var sent = 0;
        foreach (var (path, method, operation) in OpenApiDocument.Operations(document).Where(o => o.Path.StartsWith("/api/", StringComparison.Ordinal)))
        {
            foreach (var bad in BadRequests(document, path, method, operation, instance))
            {
                sent++;
                using var request = bad.ToMessage();
                using var response = await walker.SendAsync(request);
                var body = await response.Content.ReadAsStringAsync();
                var status = (int)response.StatusCode;
                var problem = response.Content.Headers.ContentType?.MediaType == "application/problem+json";
                var fine = bad.MayPass ? status < 500 && (status < 400 || problem) : status is >= 400 and < 500 && problem;
                if (!fine)
                {
                    failures.Add($"{method} {bad.Uri} [{bad.What}] answered {status}: {body[..Math.Min(body.Length, 300)]}");
                }
            }
        }

        _output.WriteLine($"{sent} bad requests sent.");
        sent.Should().BeGreaterThan(150);
        failures.Should().BeEmpty();
        (await SnapshotAsync(ana)).Should().Be(before, "no bad request may change an instance or its history");
    }

    private static async Task<string> SnapshotAsync(HttpClient client)
    {
        var page = await client.GetFromJsonAsync<JsonElement>("/api/instances?take=500");
        var text = new System.Text.StringBuilder(page.ToString());
        foreach (var item in page.GetProperty("items").EnumerateArray())
        {
            text.Append(await client.GetStringAsync($"/api/instances/{item.GetProperty("id").GetGuid()}/history"));
        }

        return text.ToString();
    }

    private static IEnumerable<BadRequest> BadRequests(JsonObject document, string path, string method, JsonObject operation, Guid instance)
    {
        var parameters = operation["parameters"]?.AsArray().Select(p => p!.AsObject()).ToList() ?? [];
        var pathValues = parameters.Where(p => In(p, "path")).ToDictionary(p => Name(p), p => Sample(Schema(document, p), instance), StringComparer.Ordinal);
        var body = Body(document, operation);
        var baseBody = body is { Schema: var bodySchema } && Properties(document, bodySchema).Count > 0 ? SampleObject(document, bodySchema, instance) : null;
        BadRequest Make(string what, Dictionary<string, string>? paths = null, string? query = null, JsonNode? json = null, bool withBody = true, (string, string)? header = null, bool mayPass = false)
            => new(what, method, Uri(path, paths ?? pathValues) + (query is null ? string.Empty : "?" + query), body?.ContentType,
                withBody ? (json ?? baseBody)?.ToJsonString() : null, header, mayPass);

        // Path: a value of the wrong form, and an id nothing has.
        foreach (var p in parameters.Where(p => In(p, "path")))
        {
            var type = Type(Schema(document, p));
            var wrong = type == "integer" ? "not-a-number" : Schema(document, p)["format"]?.GetValue<string>() == "uuid" ? "not-a-guid" : null;
            if (wrong is not null)
            {
                yield return Make($"path {Name(p)} '{wrong}'", new(pathValues, StringComparer.Ordinal) { [Name(p)] = wrong });
            }

            if (type == "string" && Schema(document, p)["format"] is null)
            {
                yield return Make($"path {Name(p)} oversized", new(pathValues, StringComparer.Ordinal) { [Name(p)] = new string('p', 1_000) });
            }

            if (Schema(document, p)["format"]?.GetValue<string>() == "uuid")
            {
                yield return Make($"path {Name(p)} unknown", new(pathValues, StringComparer.Ordinal) { [Name(p)] = Guid.NewGuid().ToString() });
            }
        }

        // Query: values that are not of the parameter's type or not among its values.
        foreach (var p in parameters.Where(p => In(p, "query")))
        {
            var schema = Schema(document, p);
            var wrong = Type(schema) switch
            {
                "integer" or "number" => "not-a-number",
                "boolean" => "not-a-boolean",
                _ when schema["format"]?.GetValue<string>() is "uuid" or "date-time" => "not-a-" + schema["format"]!.GetValue<string>(),
                _ when schema["enum"] is not null => "not-one-of-them",
                _ => null,
            };
            if (wrong is not null)
            {
                yield return Make($"query {Name(p)}={wrong}", query: $"{Name(p)}={wrong}");
            }

            if (Type(schema) == "integer")
            {
                yield return Make($"query {Name(p)}=-1", query: $"{Name(p)}=-1", mayPass: Name(p) != "take" && Name(p) != "skip");
            }
        }

        // Headers: garbage, too long, an unknown user. On reads they may be ignored, never a 5xx.
        foreach (var p in parameters.Where(p => In(p, "header")))
        {
            var value = Name(p) switch
            {
                "If-Match" => "garbage",
                "X-On-Behalf-Of" => "somebody-nobody-knows",
                _ => new string('h', (Schema(document, p)["maxLength"]?.GetValue<int>() ?? Oversized) + 1),
            };
            yield return Make($"header {Name(p)}", header: (Name(p), value), mayPass: method == "GET");
        }

        if (body is null)
        {
            yield break;
        }

        // Body: none, JSON null, another JSON type, oversized, and each field mutated.
        yield return Make("no body", withBody: false);
        yield return Make("body null") with { Content = "null" };
        yield return Make("body is a number", json: JsonValue.Create(42));
        yield return Make("body is an array", json: new JsonArray());
        yield return Make("body oversized", json: JsonValue.Create(new string('b', 300 * 1024)));
        if (baseBody is null)
        {
            yield break;
        }

        var required = body.Value.Schema["required"]?.AsArray().Select(r => r!.GetValue<string>()).ToHashSet(StringComparer.Ordinal) ?? [];
        foreach (var (name, fieldSchema) in Properties(document, body.Value.Schema))
        {
            var type = Type(fieldSchema);
            JsonObject With(JsonNode? value)
            {
                var copy = baseBody.DeepClone().AsObject();
                copy[name] = value;
                return copy;
            }

            if (required.Contains(name))
            {
                var missing = baseBody.DeepClone().AsObject();
                missing.Remove(name);
                yield return Make($"{name} missing", json: missing);
                yield return Make($"{name} null", json: With(null));
                if (type == "string")
                {
                    yield return Make($"{name} empty", json: With(JsonValue.Create(string.Empty)));
                }
            }

            yield return Make($"{name} of the wrong type", json: With(type == "string" ? JsonValue.Create(42) : JsonValue.Create("wrong-type")));
            if (type == "string")
            {
                yield return Make($"{name} oversized", json: With(JsonValue.Create(new string('s', Oversized))));
            }
        }
    }

    private static (string ContentType, JsonObject Schema)? Body(JsonObject document, JsonObject operation)
    {
        if (operation["requestBody"]?["content"]?.AsObject() is not { } content)
        {
            return null;
        }

        var json = content.FirstOrDefault(c => c.Key.Contains("json", StringComparison.Ordinal));
        var (type, media) = json.Key is null ? content.First() : json;
        return (type, OpenApiDocument.Resolve(document, media!["schema"]?.AsObject() ?? []));
    }

    private static Dictionary<string, JsonObject> Properties(JsonObject document, JsonObject schema)
        => schema["properties"]?.AsObject().ToDictionary(p => p.Key, p => Field(document, p.Value!.AsObject()), StringComparer.Ordinal) ?? [];

    // A nullable reference is written as oneOf [null, $ref]; take the reference.
    private static JsonObject Field(JsonObject document, JsonObject schema)
        => schema["oneOf"]?.AsArray().Select(s => s!.AsObject()).FirstOrDefault(s => s["$ref"] is not null) is { } reference
            ? OpenApiDocument.Resolve(document, reference)
            : OpenApiDocument.Resolve(document, schema);

    // A plausible value of each field; only the mutated field is meant to be wrong.
    private static JsonObject SampleObject(JsonObject document, JsonObject schema, Guid instance)
    {
        var sample = new JsonObject();
        foreach (var (name, field) in Properties(document, schema))
        {
            sample[name] = SampleNode(document, field, instance);
        }

        return sample;
    }

    private static JsonNode? SampleNode(JsonObject document, JsonObject schema, Guid instance) => Type(schema) switch
    {
        _ when schema["enum"]?.AsArray() is { Count: > 0 } values => values[0]!.DeepClone(),
        "string" => JsonValue.Create(Sample(schema, instance)),
        "integer" or "number" => JsonValue.Create(1),
        "boolean" => JsonValue.Create(false),
        "array" => new JsonArray(),
        "object" when schema["properties"] is not null => SampleObject(document, schema, instance),
        _ => new JsonObject(),
    };

    private static string Sample(JsonObject schema, Guid instance) => schema["format"]?.GetValue<string>() switch
    {
        "uuid" => instance.ToString(),
        "uri" => "https://example.com/hook",
        "date-time" => "2026-01-01T00:00:00Z",
        _ when Type(schema) == "integer" => "1",
        _ => "walk",
    };

    // The first type that is not null: "string" of ["null", "string"].
    private static string? Type(JsonObject schema) => schema["type"] switch
    {
        JsonArray types => types.Select(t => t!.GetValue<string>()).FirstOrDefault(t => t != "null"),
        JsonValue type => type.GetValue<string>(),
        _ => null,
    };

    private static JsonObject Schema(JsonObject document, JsonObject parameter) => OpenApiDocument.Resolve(document, parameter["schema"]?.AsObject() ?? []);

    private static bool In(JsonObject parameter, string where) => parameter["in"]!.GetValue<string>() == where;

    private static string Name(JsonObject parameter) => parameter["name"]!.GetValue<string>();

    private static string Uri(string path, Dictionary<string, string> values)
        => values.Aggregate(path, (uri, value) => uri.Replace("{" + value.Key + "}", System.Uri.EscapeDataString(value.Value), StringComparison.Ordinal));

    private sealed record BadRequest(string What, string Method, string Uri, string? ContentType, string? Content, (string Name, string Value)? Header, bool MayPass)
    {
        public HttpRequestMessage ToMessage()
        {
            var message = new HttpRequestMessage(new HttpMethod(Method), Uri);
            if (Content is not null)
            {
                message.Content = new StringContent(Content, System.Text.Encoding.UTF8);
                message.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(ContentType ?? "application/json");
            }

            if (Header is var (name, value))
            {
                message.Headers.TryAddWithoutValidation(name, value);
            }

            return message;
        }
    }
}
