namespace ChangeFeed.Backfill;

/// <summary>Where backfill runs are kept between pages and between processes (the lease container, in Cosmos DB).</summary>
public interface IBackfillProgressStore
{
    /// <summary>The last run of this route for this subscription (finished or not), or null.</summary>
    Task<BackfillProgress?> ReadAsync(string route, string subscription, CancellationToken cancellationToken);

    /// <summary>
    /// Saves the run if what is stored is still the version <paramref name="progress"/> was read or saved as (its
    /// <see cref="BackfillProgress.ETag"/>; null: nothing stored yet), and returns it with its new version. Throws
    /// <see cref="BackfillConflictException"/> when another process saved in between.
    /// </summary>
    Task<BackfillProgress> SaveAsync(BackfillProgress progress, CancellationToken cancellationToken);
}
