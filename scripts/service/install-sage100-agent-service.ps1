<#
.SYNOPSIS
  Installs the Sage 100 agent (`ml-connector sage100-agent --config FILE`) as a Windows service (WinSW)
  on the Sage 100 server, the same way install-windows-service.ps1 installs `serve`.

.DESCRIPTION
  Run from an elevated PowerShell in the ml-connector folder (a copy with `npm ci --omit=dev` done and
  the `odbc` addon built for this Node; `node scripts\ml-connector.mjs sage100-agent --help` says what
  is missing):
    .\scripts\service\install-sage100-agent-service.ps1 -WinSW C:\Downloads\WinSW-x64.exe
        -Config C:\ProgramData\ml-connector-agent\agent.json -ServiceAccount 'SAGESRV\svc-mlc'
        [-AllowFrom 10.0.0.15] [-DataDir C:\ProgramData\ml-connector-agent]
  Before: the configuration exists with at least one API key (--issue-key) and service account
  (--set-password) and an ODBC connection string per company (README, "Sage 100: the agent").
  It locks the data folder to SYSTEM, Administrators and the service account, writes the WinSW
  configuration, registers the service under that account (WinSW asks for its password; nothing is
  stored), opens the agent's HTTPS port in Windows Firewall for -AllowFrom only, starts the service,
  waits for GET /v1/health and prints the certificate fingerprint to trust in the connection.
  The service account must read the MAS90 share and use the System DSN (a 32-bit DSN needs a 32-bit
  Node and WinSW-x86). Uninstall: -Uninstall (the data folder, certificate and configuration are kept).
#>
[CmdletBinding()]
param(
  [string]$WinSW,
  [string]$Config,
  [string]$ServiceAccount,
  [string]$AllowFrom,
  [string]$DataDir,
  [string]$ServiceDir = "$env:ProgramData\ml-connector-agent\service",
  [string]$AppDir = (Resolve-Path "$PSScriptRoot\..\..").Path,
  [string]$Node = (Get-Command node -ErrorAction SilentlyContinue).Source,
  [switch]$Uninstall
)
$ErrorActionPreference = 'Stop'
$exe = Join-Path $ServiceDir 'ml-connector-sage100-agent.exe'
$ruleName = 'ml-connector Sage 100 agent'

function Fail($message) { Write-Error "install-sage100-agent-service: $message"; exit 1 }

$principal = New-Object Security.Principal.WindowsPrincipal([Security.Principal.WindowsIdentity]::GetCurrent())
if (-not $principal.IsInRole([Security.Principal.WindowsBuiltInRole]::Administrator)) { Fail 'run this from an elevated (Administrator) PowerShell.' }

if ($Uninstall) {
  if (Test-Path $exe) { & $exe stop | Out-Null; & $exe uninstall }
  Get-NetFirewallRule -DisplayName $ruleName -ErrorAction SilentlyContinue | Remove-NetFirewallRule
  Write-Host 'Service and firewall rule removed. The configuration, certificate and logs were kept.'
  exit 0
}

if (-not $WinSW -or -not (Test-Path $WinSW)) { Fail 'pass -WinSW <path to WinSW-x64.exe or WinSW-x86.exe> (download: https://github.com/winsw/winsw/releases).' }
if (-not $Node) { Fail 'node.exe (>= 20.19) was not found; install Node.js LTS (32-bit for a 32-bit DSN) or pass -Node <path to node.exe>.' }
if (-not (Test-Path "$AppDir\scripts\ml-connector.mjs")) { Fail "$AppDir does not look like an ml-connector folder." }
if (-not $Config -or -not (Test-Path $Config)) { Fail 'pass -Config <agent.json> (see README, "Sage 100: the agent", steps 1-3).' }
if (-not $ServiceAccount -or $ServiceAccount -notmatch '^[^\\]+\\[^\\]+$') { Fail "pass -ServiceAccount DOMAIN\user: the Windows account that reads the MAS90 share and the DSN." }
if (-not $AllowFrom) { Fail 'pass -AllowFrom <address of the computer running ml-connector> (the firewall opens the port for it only).' }
$Config = (Resolve-Path $Config).Path
$settings = Get-Content -Raw $Config | ConvertFrom-Json
if (-not $settings.apiKeyHashes) { Fail "$Config has no API key yet: node scripts\ml-connector.mjs sage100-agent --config `"$Config`" --issue-key" }
if (-not $settings.serviceAccounts) { Fail "$Config has no service account yet: node scripts\ml-connector.mjs sage100-agent --config `"$Config`" --set-password `"$ServiceAccount`"" }
$port = if ($settings.listen -and $settings.listen.port) { [int]$settings.listen.port } else { 8443 }
if (-not $DataDir) { $DataDir = if ($settings.dataDir) { $settings.dataDir } else { Split-Path -Parent $Config } }

# Data folder: SYSTEM, Administrators and the service account; the configuration holds the ODBC password.
New-Item -ItemType Directory -Force -Path $DataDir, "$DataDir\logs", $ServiceDir | Out-Null
& icacls $DataDir /inheritance:r /grant:r '*S-1-5-18:(OI)(CI)F' '*S-1-5-32-544:(OI)(CI)F' "${ServiceAccount}:(OI)(CI)M" | Out-Null
& icacls $Config /inheritance:r /grant:r '*S-1-5-18:F' '*S-1-5-32-544:F' "${ServiceAccount}:R" | Out-Null

$xml = Get-Content -Raw "$PSScriptRoot\windows\ml-connector-sage100-agent.xml"
$xml = $xml.Replace('@NODE@', $Node).Replace('@APP_DIR@', $AppDir).Replace('@CONFIG@', $Config).Replace('@DATA_DIR@', $DataDir).Replace('@PORT@', "$port")

if (Test-Path $exe) { & $exe stop | Out-Null; & $exe uninstall | Out-Null }
Copy-Item -Force $WinSW $exe
Set-Content -Encoding UTF8 -Path (Join-Path $ServiceDir 'ml-connector-sage100-agent.xml') -Value $xml
Write-Host "Registering the service as $ServiceAccount (WinSW asks for the account and its password)."
& $exe install /p
Get-NetFirewallRule -DisplayName $ruleName -ErrorAction SilentlyContinue | Remove-NetFirewallRule
New-NetFirewallRule -DisplayName $ruleName -Direction Inbound -Protocol TCP -LocalPort $port -RemoteAddress $AllowFrom -Action Allow | Out-Null
& $exe start

# Up once its port accepts connections; the fingerprint is the SHA-256 of the certificate it keeps in its
# data folder (the same colon-separated upper-case hex the agent prints and the connection pins).
for ($i = 0; $i -lt 30; $i++) {
  if (Test-Path "$DataDir\agent-cert.pem") {
    try {
      $pem = (Get-Content -Raw "$DataDir\agent-cert.pem") -replace '-----[^-]+-----', '' -replace '\s', ''
      $cert = [Security.Cryptography.X509Certificates.X509Certificate2]::new([Convert]::FromBase64String($pem))
      $sha = [Security.Cryptography.SHA256]::Create().ComputeHash($cert.RawData)
      $fingerprint = ($sha | ForEach-Object { $_.ToString('X2') }) -join ':'
      $tcp = Test-NetConnection -ComputerName 127.0.0.1 -Port $port -WarningAction SilentlyContinue
      if ($tcp.TcpTestSucceeded) {
        Write-Host "The Sage 100 agent is running on https://$($env:COMPUTERNAME):$port"
        Write-Host "Certificate fingerprint (SHA-256) to trust in the connection: $fingerprint"
        exit 0
      }
    } catch { }
  }
  Start-Sleep -Seconds 1
}
Fail "the agent did not start listening on port $port; see $DataDir\logs\ml-connector-sage100-agent.err.log"
