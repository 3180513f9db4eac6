console.log('zervigo');
