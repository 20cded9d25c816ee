using ContentHelper.Api.Accounts;
using ContentHelper.Api.Articles;
using ContentHelper.Api.Contacts;
using ContentHelper.Api.Data;
using ContentHelper.Api.Ideas;
using ContentHelper.Api.Matching;
using ContentHelper.Api.Platform;
using ContentHelper.Api.Shares;
using ContentHelper.Api.Suggestions;

var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    Args = Args.WithSwitches(args),
    // appsettings.json ships beside the dll; a service manager may start us from any working folder.
    ContentRootPath = AppContext.BaseDirectory,
});
builder.AddPlatform();
builder.AddTelemetry();
builder.Services.AddStorage(builder.Configuration);
builder.Services.AddAccounts(builder.Configuration);
builder.Services.AddContacts();
builder.Services.AddArticles();
builder.Services.AddMatching();
builder.Services.AddSuggestions();
builder.Services.AddIdeas();

var app = builder.Build();
if (app.Configuration["backup"] is { } backup)
{
    Environment.ExitCode = await app.BackupAsync(backup);
    await app.DisposeAsync(); // flushes the console log, which otherwise can lose the outcome at exit
    return;
}
app.UsePlatform();
app.MapTelemetry();
app.MapAccounts();
app.MapAccountPages();
app.MapContacts();
app.MapImports();
app.MapDuplicates();
app.MapShares();
app.MapArticles();
app.MapSuggestions();
app.MapVoice();
app.MapIdeas();

await app.PrepareDatabaseAsync();
app.Run();
