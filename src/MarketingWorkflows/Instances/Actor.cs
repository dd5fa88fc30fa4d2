using System;
using System.Collections.Generic;
using System.Linq;

namespace MarketingWorkflows.Instances;

/// <summary>Who performs a command: a user with roles, possibly acting on behalf of another user.</summary>
public sealed record Actor
{
    /// <summary>Initializes an actor.</summary>
    /// <param name="userId">The user's id.</param>
    /// <param name="roles">The roles the user holds.</param>
    public Actor(string userId, params IEnumerable<string> roles)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(userId);
        ArgumentNullException.ThrowIfNull(roles);
        UserId = userId;
        Roles = roles.Distinct(StringComparer.Ordinal).ToArray();
    }

    /// <summary>Gets the actor that timers and the engine itself act as.</summary>
    public static Actor System { get; } = new("system", "system");

    /// <summary>Gets the user's id.</summary>
    public string UserId { get; }

    /// <summary>Gets the roles the user holds.</summary>
    public IReadOnlyList<string> Roles { get; }

    /// <summary>Gets the user this actor acts for under a delegation, or <see langword="null"/>.</summary>
    public string? OnBehalfOf { get; init; }

    /// <summary>Gets whether the actor holds a role.</summary>
    /// <param name="role">The role.</param>
    /// <returns><see langword="true"/> when the actor holds it.</returns>
    public bool HasRole(string role) => Roles.Contains(role, StringComparer.Ordinal);

    /// <summary>Returns the user id, with the roles.</summary>
    /// <returns>The description.</returns>
    public override string ToString() => $"{UserId} ({string.Join(", ", Roles)})" + (OnBehalfOf is null ? string.Empty : $" on behalf of {OnBehalfOf}");

    /// <summary>Compares actors by user, roles and delegation.</summary>
    /// <param name="other">The other actor.</param>
    /// <returns><see langword="true"/> when equal.</returns>
    public bool Equals(Actor? other)
        => other is not null && UserId == other.UserId && OnBehalfOf == other.OnBehalfOf && Roles.SequenceEqual(other.Roles);

    /// <summary>Hashes the actor.</summary>
    /// <returns>The hash code.</returns>
    public override int GetHashCode() => HashCode.Combine(UserId, OnBehalfOf, Roles.Count);
}
