using System.Globalization;
using System.Text.RegularExpressions;

namespace MarketingWorkflows.Api.Webhooks;

/// <summary>
/// Checks a subscription request in full before anything is stored: every field, every list
/// item, every size, so that a subscription the sender cannot use is refused by name rather than
/// failing at each event.
/// </summary>
internal static partial class WebhookRequestRules
{
    public const int MaxUrlLength = 2048;
    public const int MaxListItems = 50;
    public const int MaxPatternLength = 200;
    public const int MaxProcessIdLength = 100;

    /// <summary>Gets each refused field (<c>url</c>, <c>eventTypes[2]</c>, <c>secret</c>...) with why; empty when the request is valid.</summary>
    public static async Task<Dictionary<string, string[]>> ProblemsAsync(CreateWebhookRequest request, WebhookNetwork network, WebhookOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (UrlProblem(request.Url, options) is { } urlProblem)
        {
            errors["url"] = [urlProblem];
        }
        else if (await network.RefusalAsync(new Uri(request.Url!, UriKind.Absolute), cancellationToken) is { } refusal)
        {
            errors["url"] = [refusal];
        }

        CheckList(errors, "eventTypes", request.EventTypes, MaxPatternLength, EventTypePattern(), "an event type such as marketingworkflows.campaign-approval.approved, or a prefix of one ending in * (marketingworkflows.campaign-approval.*), or * for all");
        CheckList(errors, "processes", request.Processes, MaxProcessIdLength, ProcessIdPattern(), "a process id in kebab case, such as campaign-approval");
        if (request.Secret is { } given && WebhookSigner.KeyOf(given) is null)
        {
            errors["secret"] = ["must be whsec_ followed by the base64 of 24 to 64 random bytes (or left out to have one made)"];
        }

        return errors;
    }

    private static string? UrlProblem(string? text, WebhookOptions options)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return "is required: the receiver's absolute https URL";
        }

        if (text.Length > MaxUrlLength)
        {
            return $"is {text.Length} characters long; at most {MaxUrlLength} are allowed";
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps) || string.IsNullOrEmpty(url.Host))
        {
            return $"'{text}' is not an absolute https URL";
        }

        if (url.Scheme == Uri.UriSchemeHttp && !options.AllowPrivateNetworks)
        {
            return $"'{text}' is plain http; a receiver must use https unless {WebhookOptions.Section}:{nameof(WebhookOptions.AllowPrivateNetworks)} is true";
        }

        if (!string.IsNullOrEmpty(url.UserInfo))
        {
            return "must not carry a user name or password; the signature tells the receiver who sent the event";
        }

        return url.Fragment.Length > 0 ? "must not have a fragment (#...), which is never sent" : null;
    }

    private static void CheckList(Dictionary<string, string[]> errors, string field, IReadOnlyList<string?>? items, int maxLength, Regex pattern, string expected)
    {
        if (items is null)
        {
            return;
        }

        if (items.Count > MaxListItems)
        {
            errors[field] = [$"has {items.Count} items; at most {MaxListItems} are allowed"];
            return;
        }

        for (var i = 0; i < items.Count; i++)
        {
            var name = $"{field}[{i.ToString(CultureInfo.InvariantCulture)}]";
            var item = items[i];
            var problem = item switch
            {
                null => $"is null; it must be {expected}",
                "" => $"is empty; it must be {expected}",
                { Length: var length } when length > maxLength => $"is {length} characters long; at most {maxLength} are allowed",
                _ when !pattern.IsMatch(item) => $"'{item}' is not {expected}",
                _ => null,
            };
            if (problem is not null)
            {
                errors[name] = [problem];
            }
        }
    }

    // An exact type is marketingworkflows.{process}.{what}; a prefix ends in * after any part of it.
    [GeneratedRegex(@"^(?:\*|marketingworkflows\.(?:\*|[a-z0-9]+(?:-[a-z0-9]+)*-?\*|[a-z0-9]+(?:-[a-z0-9]+)*\.(?:\*|[a-z0-9]+(?:-[a-z0-9]+)*(?:-?\*)?)))$", RegexOptions.CultureInvariant)]
    private static partial Regex EventTypePattern();

    [GeneratedRegex("^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex ProcessIdPattern();
}
