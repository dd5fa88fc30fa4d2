namespace MarketingWorkflows.Api.Extensions;

/// <summary>
/// Collects what is wrong with a request's fields, by field, before anything runs: a request
/// with any error is answered 422 (<see cref="RequestValidationException"/>) and changes nothing.
/// </summary>
internal sealed class RequestChecks
{
    /// <summary>The longest name accepted: a process, trigger, checklist item, decision, relation or user id.</summary>
    public const int MaxNameLength = 200;

    /// <summary>The longest free text accepted: a comment or a reason.</summary>
    public const int MaxTextLength = 4000;

    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    /// <summary>Requires a text that is present, not blank and at most <paramref name="maxLength"/> characters.</summary>
    public RequestChecks Required(string field, string? value, int maxLength = MaxNameLength)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return Add(field, "is required and must not be empty");
        }

        return Optional(field, value, maxLength);
    }

    /// <summary>Accepts a missing text, but not one longer than <paramref name="maxLength"/> characters.</summary>
    public RequestChecks Optional(string field, string? value, int maxLength = MaxTextLength)
        => value is { Length: var length } && length > maxLength ? Add(field, $"is {length:N0} characters long; at most {maxLength:N0} are accepted") : this;

    /// <summary>Adds an error to a field.</summary>
    public RequestChecks Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var messages))
        {
            _errors[field] = messages = [];
        }

        messages.Add(message);
        return this;
    }

    /// <summary>Throws a <see cref="RequestValidationException"/> naming every field in error, if any.</summary>
    public void ThrowIfAny(string message)
    {
        if (_errors.Count > 0)
        {
            throw new RequestValidationException(message, _errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal));
        }
    }
}
