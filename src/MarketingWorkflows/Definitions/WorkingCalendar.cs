using System;
using System.Collections.Generic;
using System.Linq;

namespace MarketingWorkflows.Definitions;

/// <summary>The days business-day deadlines count on. Immutable.</summary>
public sealed class WorkingCalendar
{
    internal WorkingCalendar(IReadOnlyList<DayOfWeek> weekend, IReadOnlyList<DateOnly> holidays)
    {
        Weekend = weekend;
        Holidays = holidays;
    }

    /// <summary>Gets the default calendar: Monday to Friday, no holidays.</summary>
    public static WorkingCalendar Weekdays { get; } = new([DayOfWeek.Saturday, DayOfWeek.Sunday], []);

    /// <summary>Gets the non-working days of the week.</summary>
    public IReadOnlyList<DayOfWeek> Weekend { get; }

    /// <summary>Gets the holidays.</summary>
    public IReadOnlyList<DateOnly> Holidays { get; }

    /// <summary>Gets a value indicating whether <paramref name="date"/> is a working day.</summary>
    /// <param name="date">The date.</param>
    /// <returns><see langword="true"/> for a working day.</returns>
    public bool IsWorkingDay(DateOnly date)
    {
        foreach (var day in Weekend)
        {
            if (date.DayOfWeek == day)
            {
                return false;
            }
        }

        foreach (var holiday in Holidays)
        {
            if (holiday == date)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Adds working days to a date: the result is the <paramref name="days"/>-th working day after it.</summary>
    /// <param name="date">The start date.</param>
    /// <param name="days">How many working days to add; 0 or more.</param>
    /// <returns>The resulting date.</returns>
    public DateOnly AddWorkingDays(DateOnly date, int days)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(days);
        if (days > 0 && Weekend.Distinct().Count() >= 7)
        {
            throw new InvalidOperationException("The calendar has no working days.");
        }

        while (days > 0)
        {
            date = date.AddDays(1);
            if (IsWorkingDay(date))
            {
                days--;
            }
        }

        return date;
    }
}
