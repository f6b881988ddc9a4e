<#
.SYNOPSIS
  Installs `ml-connector serve` as a Windows service (WinSW), for a server that syncs without a desktop.

.DESCRIPTION
  Run from an elevated PowerShell in the ml-connector folder (a copy with `npm ci --omit=dev` done and
  renderer\dist built):
    .\scripts\service\install-windows-service.ps1 -WinSW C:\Downloads\WinSW-x64.exe [-Port 8731]
        [-DataDir C:\ProgramData\ml-connector] [-ServiceDir C:\ProgramData\ml-connector\service]
  It creates the data folder readable only by SYSTEM, Administrators and LocalService, writes the WinSW
  configuration with a fresh UI token, registers and starts the service, waits for GET /api/health and
  prints the URL to open. Connection secrets are encrypted with secret.key in the data folder (created
  on first start) unless you pass -Key (64 hex characters), which is then kept in the service's
  configuration instead. Uninstall: -Uninstall.
  WinSW is a single MIT-licensed executable: https://github.com/winsw/winsw/releases (WinSW-x64.exe).
#>
[CmdletBinding()]
param(
  [string]$WinSW,
  [int]$Port = 8731,
  [string]$DataDir = "$env:ProgramData\ml-connector",
  [string]$ServiceDir = "$env:ProgramData\ml-connector\service",
  [string]$AppDir = (Resolve-Path "$PSScriptRoot\..\..").Path,
  [string]$Node = (Get-Command node -ErrorAction SilentlyContinue).Source,
  [string]$Key,
  [switch]$Uninstall
)
$ErrorActionPreference = 'Stop'
$exe = Join-Path $ServiceDir 'ml-connector-service.exe'

function Fail($message) { Write-Error "install-windows-service: $message"; exit 1 }

$principal = New-Object Security.Principal.WindowsPrincipal([Security.Principal.WindowsIdentity]::GetCurrent())
if (-not $principal.IsInRole([Security.Principal.WindowsBuiltInRole]::Administrator)) { Fail 'run this from an elevated (Administrator) PowerShell.' }

if ($Uninstall) {
  if (Test-Path $exe) { & $exe stop | Out-Null; & $exe uninstall }
  Write-Host "Service removed. The data folder $DataDir (store, key, logs) was kept."
  exit 0
}

if (-not $WinSW -or -not (Test-Path $WinSW)) { Fail 'pass -WinSW <path to WinSW-x64.exe> (download: https://github.com/winsw/winsw/releases).' }
if (-not $Node) { Fail 'node.exe (>= 20.19) was not found; install Node.js LTS or pass -Node <path to node.exe>.' }
if (-not (Test-Path "$AppDir\scripts\ml-connector.mjs")) { Fail "$AppDir does not look like an ml-connector folder." }
if ($Port -lt 1 -or $Port -gt 65535) { Fail "-Port must be 1-65535." }
if ($Key -and $Key -notmatch '^[0-9a-fA-F]{64}$') { Fail '-Key must be 64 hex characters (32 random bytes).' }
if (-not (Test-Path "$AppDir\renderer\dist\index.html")) { Write-Warning 'renderer\dist is missing: run "npm run build:renderer" for the web UI (syncing works without it).' }

# Data folder: SYSTEM and Administrators full control, LocalService modify, nobody else.
New-Item -ItemType Directory -Force -Path $DataDir, "$DataDir\logs", $ServiceDir | Out-Null
& icacls $DataDir /inheritance:r /grant:r '*S-1-5-18:(OI)(CI)F' '*S-1-5-32-544:(OI)(CI)F' '*S-1-5-19:(OI)(CI)M' | Out-Null
& icacls $ServiceDir /inheritance:r /grant:r '*S-1-5-18:(OI)(CI)F' '*S-1-5-32-544:(OI)(CI)F' '*S-1-5-19:(OI)(CI)RX' | Out-Null

$bytes = New-Object byte[] 32
[Security.Cryptography.RandomNumberGenerator]::Create().GetBytes($bytes)
$token = [Convert]::ToBase64String($bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_')

$xml = Get-Content -Raw "$PSScriptRoot\windows\ml-connector-service.xml"
$xml = $xml.Replace('@NODE@', $Node).Replace('@APP_DIR@', $AppDir).Replace('@DATA_DIR@', $DataDir).Replace('@PORT@', "$Port").Replace('@TOKEN@', $token)
if ($Key) { $xml = $xml.Replace('  <env name="ML_CONNECTOR_TOKEN"', "  <env name=`"ML_CONNECTOR_KEY`" value=`"$Key`" />`r`n  <env name=`"ML_CONNECTOR_TOKEN`"") }

if (Test-Path $exe) { & $exe stop | Out-Null; & $exe uninstall | Out-Null }
Copy-Item -Force $WinSW $exe
Set-Content -Encoding UTF8 -Path (Join-Path $ServiceDir 'ml-connector-service.xml') -Value $xml
& $exe install
& $exe start

for ($i = 0; $i -lt 30; $i++) {
  try {
    $health = Invoke-RestMethod -UseBasicParsing "http://127.0.0.1:$Port/api/health" -TimeoutSec 2
    if ($health.ok) {
      Write-Host "ml-connector is running. Open http://127.0.0.1:$Port/#token=$token on this server."
      exit 0
    }
  } catch { Start-Sleep -Seconds 1 }
}
Fail "the service did not answer GET /api/health on port $Port; see $DataDir\logs\ml-connector-service.err.log"
