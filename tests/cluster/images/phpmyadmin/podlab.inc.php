<?php
/**
 * sphinx_podlab: configuration of the phpMyAdmin stand-in for the phpmyadmin:5.2 image,
 * read by Debian's /etc/phpmyadmin/config.inc.php after its own settings.
 *
 * Honours the image's variables: PMA_ARBITRARY=1 (the login form gets a free server field,
 * #serverNameInput), PMA_HOST / PMA_HOSTS, PMA_PORT / PMA_PORTS, PMA_VERBOSE.
 * No dbconfig-common database: no phpMyAdmin configuration storage (controluser) at all.
 */

$podlabEnv = static function (string $name): string {
    $value = getenv($name);
    return $value === false ? '' : trim($value);
};

// Per-container secret written by the entrypoint (32 bytes, as phpMyAdmin 5.2 wants).
$podlabSecretFile = '/run/phpmyadmin/blowfish_secret';
if (is_readable($podlabSecretFile)) {
    $cfg['blowfish_secret'] = hex2bin(trim((string) file_get_contents($podlabSecretFile)));
}

$podlabHosts = $podlabEnv('PMA_HOSTS') !== '' ? $podlabEnv('PMA_HOSTS') : $podlabEnv('PMA_HOST');
$podlabPorts = $podlabEnv('PMA_PORTS') !== '' ? $podlabEnv('PMA_PORTS') : $podlabEnv('PMA_PORT');
$podlabVerbose = $podlabEnv('PMA_VERBOSES') !== '' ? $podlabEnv('PMA_VERBOSES') : $podlabEnv('PMA_VERBOSE');

$cfg['Servers'] = [];
$podlabHostList = $podlabHosts === '' ? ['localhost'] : array_map('trim', explode(',', $podlabHosts));
$podlabPortList = $podlabPorts === '' ? [] : array_map('trim', explode(',', $podlabPorts));
$podlabVerboseList = $podlabVerbose === '' ? [] : array_map('trim', explode(',', $podlabVerbose));
foreach ($podlabHostList as $podlabIndex => $podlabHost) {
    $server = [
        'auth_type' => 'cookie',
        'host' => $podlabHost,
        'compress' => false,
        'AllowNoPassword' => false,
    ];
    if (isset($podlabPortList[$podlabIndex]) && $podlabPortList[$podlabIndex] !== '') {
        $server['port'] = $podlabPortList[$podlabIndex];
    }
    if (isset($podlabVerboseList[$podlabIndex]) && $podlabVerboseList[$podlabIndex] !== '') {
        $server['verbose'] = $podlabVerboseList[$podlabIndex];
    }
    $cfg['Servers'][$podlabIndex + 1] = $server;
}

if ($podlabEnv('PMA_ARBITRARY') === '1') {
    $cfg['AllowArbitraryServer'] = true;
}

$cfg['UploadDir'] = '';
$cfg['SaveDir'] = '';
$cfg['TempDir'] = '/var/lib/phpmyadmin/tmp';
$cfg['VersionCheck'] = false;
$cfg['SendErrorReports'] = 'never';
