using System.ComponentModel.DataAnnotations;
using ContentHelper.Shared.Common;

namespace ContentHelper.Shared.Articles;

public sealed record ParseArticleRequest
{
    [Required, Url, StringLength(2048)]
    public string? Url { get; init; }

    /// <summary>The page's HTML as the browser has it.</summary>
    [Required, Html]
    public string? Html { get; init; }
}
