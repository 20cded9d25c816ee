using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ContentHelper.Api.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class DraftVoice : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "LearnVoice",
                table: "Accounts",
                type: "INTEGER",
                nullable: false,
                defaultValue: true);

            migrationBuilder.AddColumn<string>(
                name: "Tone",
                table: "Accounts",
                type: "TEXT",
                maxLength: 40,
                nullable: false,
                defaultValue: "Warm");

            migrationBuilder.AddColumn<DateTime>(
                name: "VoiceForgottenAt",
                table: "Accounts",
                type: "TEXT",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "LearnVoice",
                table: "Accounts");

            migrationBuilder.DropColumn(
                name: "Tone",
                table: "Accounts");

            migrationBuilder.DropColumn(
                name: "VoiceForgottenAt",
                table: "Accounts");
        }
    }
}
